// The framework examples of docs/examples/ run as written, against this checkout's built package (a package may
// import itself by name: `idp-conformance` resolves to dist/ through package.json "exports").
import { execFile } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('docs/examples/node-test.test.mjs passes under node --test (startMockIdp in before/after)', async () => {
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(process.execPath, ['--test', 'docs/examples/node-test.test.mjs'], { cwd: ROOT, timeout: 60_000 }, (err, stdout) =>
      resolve({ code: err ? ((err.code as number) ?? 1) : 0, stdout }),
    ),
  );
  expect(code, stdout).toBe(0);
  expect(stdout).toMatch(/^# pass 3$/m);
  expect(stdout).toMatch(/^# fail 0$/m);
});
