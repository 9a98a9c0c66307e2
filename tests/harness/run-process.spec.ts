// How `idp-conformance run` starts Playwright, which decides the run's memory (issue #15: the process tree of a run
// against the embedded mock peaked at 760–830 MiB, target ≤ 400 MiB; `BENCH_ONLY=memory npm run bench` measures it).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { childNodeFlags } from '../../src/run.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

test('the runner and its workers get small V8 semi-spaces and a bounded old space, unless NODE_OPTIONS sets them', () => {
  expect(childNodeFlags('')).toEqual(['--max-semi-space-size=1', '--max-old-space-size=512']);
  expect(childNodeFlags('--max-old-space-size=4096')).toEqual(['--max-semi-space-size=1']);
  expect(childNodeFlags('--inspect --max-semi-space-size=16 --max-old-space-size=4096')).toEqual([]);
});

test('against the embedded mock the built CLI runs one Playwright worker (a second cost ~150 MiB and more CPU than it saved)', async () => {
  test.setTimeout(240_000);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const dir = tempDir('workers');
  // Two cases match, so two workers would be used if the default were two (`--workers 2` shows it).
  const one = await cli(['run', '--grep', 'token-basic', '--report-dir', join(dir, 'one')], { FORCE_COLOR: '0' });
  expect(one.code, one.stderr).toBe(0);
  expect(one.stdout).toContain('Running 2 tests using 1 worker');
  const two = await cli(['run', '--grep', 'token-basic', '--workers', '2', '--report-dir', join(dir, 'two')], { FORCE_COLOR: '0' });
  expect(two.code, two.stderr).toBe(0);
  expect(two.stdout).toContain('Running 2 tests using 2 workers');
});
