// The harness end to end against the mock IdP over real HTTP: verdicts, exit codes, capability gating and
// sharding (issue #4 "Runner").
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { InputError } from '../../lib/errors.ts';
import { ROOT, run, startMock, tempDir, writeTarget } from './helpers.ts';

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;

test('every shipped suite passes against the generic embedded mock: 0 failures, 0 errors, exit 0', async () => {
  const dir = tempDir('full');
  const { code } = await run({ reportDir: dir });
  const report = read(dir);
  const failing = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error' || r.outcome === 'warn');
  expect(failing.map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
  expect(report.summary.verdict).toBe('conformant');
  expect(code).toBe(0);
  expect(report.summary.total).toBeGreaterThan(150);
  // Every result points back into its suite file (SARIF locations) and carries spec links.
  for (const r of report.results) {
    expect(r.suiteFile).toMatch(/^suites\/.+\.suite\.yaml$/);
    expect(r.line).toBeGreaterThan(0);
  }
  expect(report.results.find((r) => r.checkId === 'cc.invalid-client-basic.status-401')?.specUrls).toContain(
    'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
  );
  for (const f of ['junit.xml', 'ctrf.json', 'index.html', 'summary.md'])
    expect(readFileSync(join(dir, f), 'utf8').length).toBeGreaterThan(0);
});

test('a violated MUST makes the run not conformant and exits 1 (RFC 6749 §5.1 as an impossible expectation)', async () => {
  const dir = tempDir('fail');
  const suite = join(dir, 'wrong.suite.yaml');
  writeFileSync(
    suite,
    `id: wrong-expectation
title: A suite that expects what RFC 6749 forbids
cases:
  - id: token
    title: The token response is expected to be 418
    requests: [{ kind: token }]
    checks:
      - { id: wrong.status-418, title: expects 418, requirements: [RFC6749-5.1], level: MUST, assert: { status: 418 } }
      - { id: wrong.should, title: a SHOULD that fails only warns, requirements: [RFC6749-5.1], level: SHOULD, assert: { status: 418 } }
      - { id: right.status-200, title: still evaluated after the failure (soft assertions), requirements: [RFC6749-5.1], level: MUST, assert: { status: 200 } }
`,
  );
  const { code } = await run({ reportDir: join(dir, 'report'), suite: [suite] });
  const report = read(join(dir, 'report'));
  expect(code).toBe(1);
  expect(report.summary).toMatchObject({ failed: 1, warned: 1, passed: 1, verdict: 'not-conformant' });
  expect(report.results.find((r) => r.checkId === 'wrong.status-418')?.message).toBe('expected status 418, got 200');
});

test('an invalid suite file is exit 2 naming the file, line and key', async () => {
  const dir = tempDir('invalid');
  const suite = join(dir, 'broken.suite.yaml');
  writeFileSync(
    suite,
    `id: broken
title: Broken
cases:
  - id: token
    title: t
    requests: [{ kind: token }]
    checks:
      - id: broken.check
        title: unknown assertion kind
        requirements: [RFC6749-5.1]
        level: MUST
        assert: { statuz: 200 }
`,
  );
  const err = await run({ reportDir: join(dir, 'report'), suite: [suite] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).exitCode).toBe(2);
  expect((err as Error).message).toContain(`${suite}:12: cases[0].checks[0].assert.statuz: unknown key (did you mean "status"?)`);
});

test('an unreachable target (closed local port) is exit 3, "could not test"', async () => {
  const mock = await startMock();
  const url = mock.issuer;
  await mock.close();
  process.env.HARNESS_TEST_UNUSED_SECRET = 'unused-secret';
  const { code, log } = await run({
    reportDir: tempDir('unreachable'),
    targetUrl: url,
    clientId: 'x',
    clientSecretEnv: 'HARNESS_TEST_UNUSED_SECRET',
  });
  expect(code).toBe(3);
  expect(log.join('\n')).toMatch(/could not be tested: .*unreachable \(ECONNREFUSED\)/);
});

test('a case needing a capability the target lacks is skipped with the reason, never passed (RFC 7523 without a private key)', async () => {
  const mock = await startMock();
  try {
    const dir = tempDir('gated');
    const target = writeTarget(mock, dir, ['privateKeyJwt']);
    const { code } = await run({ reportDir: join(dir, 'report'), target, suite: ['suites/rfc7523-private-key-jwt.suite.yaml'] });
    const report = read(join(dir, 'report'));
    expect(code).toBe(0);
    expect(report.results.length).toBeGreaterThan(5);
    for (const r of report.results) {
      expect(r.outcome).toBe('skip');
      expect(r.message).toBe('skipped: no private_key_jwt client and key are configured — add privateKeyJwt to the target file');
    }
  } finally {
    await mock.close();
  }
});

test('a vendor suite named for a generic target reports every check skipped with the profile reason', async () => {
  const dir = tempDir('profile');
  await run({ reportDir: dir, suite: ['suites/vendor/servicenow.suite.yaml'] });
  const report = read(dir);
  expect(new Set(report.results.map((r) => r.outcome))).toEqual(new Set(['skip']));
  expect(report.results[0]?.message).toContain('applies to the servicenow profile; the target profile is generic');
});

test('--shard 1/2 and 2/2 then --merge give one compliance.json with every check of an unsharded run', async () => {
  const dir = tempDir('shard');
  const suites = ['suites/rfc6749-client-credentials.suite.yaml', 'suites/rfc8414-metadata.suite.yaml'];
  const whole = join(dir, 'whole');
  await run({ reportDir: whole, suite: suites });
  const shards = join(dir, 'shards');
  expect((await run({ reportDir: shards, suite: suites, shard: '1/2' })).code).toBe(0);
  expect((await run({ reportDir: shards, suite: suites, shard: '2/2' })).code).toBe(0);
  const merged = join(dir, 'merged');
  const { code } = await run({ reportDir: merged, merge: join(shards, 'blob-report') });
  expect(code).toBe(0);
  const ids = (r: ComplianceReport) => r.results.map((x) => `${x.case}/${x.checkId}`).sort();
  expect(ids(read(merged))).toEqual(ids(read(whole)));
  expect(read(merged).summary.total).toBe(read(whole).summary.total);
});

test('`run` on the command line exits 2 and prints file:line:key for an invalid suite', async () => {
  const { spawnSync } = await import('node:child_process');
  const dir = tempDir('cli');
  const suite = join(dir, 'bad.suite.yaml');
  writeFileSync(suite, 'id: bad\ntitle: Bad\ncases: []\n');
  // Mirrors src/cli/main.ts: InputError → message on stderr, exit 2.
  const script = `
    import { Command } from 'commander';
    import { runCommand } from './src/cli/commands/run.ts';
    import { InputError } from './lib/errors.ts';
    try { await new Command('idp-conformance').addCommand(runCommand()).parseAsync(process.argv); }
    catch (e) { if (e instanceof InputError) { process.stderr.write('idp-conformance: ' + e.message + '\\n'); process.exitCode = 2; } else throw e; }`;
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, 'x', 'run', '--suite', suite, '--report-dir', join(dir, 'r')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(res.status).toBe(2);
  expect(res.stderr).toContain(`${suite}:3: cases: must NOT have fewer than 1 items`);
});
