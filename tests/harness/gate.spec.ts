// `idp-conformance run --policy`: the harness applies the same gate as `idp-conformance gate` (issue #5), with a
// bad policy refused as invalid input before any request is sent.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { run, tempDir } from './helpers.ts';

test.setTimeout(120_000);

const RFC6749 = 'suites/rfc6749-client-credentials.suite.yaml';

test('run --policy exits with the gate: an expired waiver fails a conformant run (exit 1)', async () => {
  const dir = tempDir('run-policy');
  const policy = join(dir, 'policy.yaml');
  writeFileSync(
    policy,
    'levels: { MUST: fail, SHOULD: warn, MAY: info }\nwaivers:\n  - check: cc.basic.status-200\n    reason: vendor ticket 1\n    expires: 2020-01-01\n',
  );
  const { code, log } = await run({ reportDir: dir, suite: [RFC6749], policy });
  expect(log.join('\n')).toMatch(/policy\.yaml:3: waiver for check cc\.basic\.status-200 expired on 2020-01-01/);
  // One final verdict line names both verdicts, the RFC one with its coverage; no line says "→ conformant" before the
  // gate fails (issue #12).
  const [verdict, gate] = log.at(-1)!.split('; ');
  expect(verdict).toMatch(
    /^idp-conformance: RFC verdict conformant — \d+ of \d+ checks evaluated, \d+ skipped \(\d+ passed, 0 failed, \d+ warnings?\)$/,
  );
  expect(gate).toBe(`gate FAILED with ${policy} (1 failing, 0 waived) → exit 1`);
  expect(log.join('\n')).not.toMatch(/→ conformant|gate FAILED for/);
  expect(code).toBe(1);
});

test('run --policy with the default levels passes a conformant run (exit 0)', async () => {
  const dir = tempDir('run-policy-ok');
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, 'levels: { MUST: fail, SHOULD: warn, MAY: info }\n');
  const { code } = await run({ reportDir: dir, suite: [RFC6749], policy });
  expect(code).toBe(0);
});

test('run --policy with an invalid policy exits 2 naming file, line and key, before running anything', async () => {
  const dir = tempDir('run-policy-bad');
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, 'levels: { MUST: fail, SHOULD: sometimes }\n');
  await expect(run({ reportDir: dir, suite: [RFC6749], policy })).rejects.toThrow(/policy\.yaml:1: levels\.SHOULD/);
  expect(existsSync(join(dir, 'compliance.json'))).toBe(false);
});
