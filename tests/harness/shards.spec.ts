// Sharded runs as a CI matrix does them (issue #12): each shard in its own --report-dir prints the exact command
// that merges all of them, and `run --merge` takes several folders or a glob and writes one compliance.json
// holding every check of the suites exactly once. Run on the command line against the mock IdP over real HTTP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findSuiteFiles, loadSuites } from '../../harness/suite-loader.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, ROOT, SECRETS, startMock, tempDir } from './helpers.ts';

test.setTimeout(300_000);

const SUITES = ['suites/rfc6749-client-credentials.suite.yaml', 'suites/rfc8414-metadata.suite.yaml'];

test('2 shards in their own folders, then the printed merge command and a glob: one compliance.json with every check once', async () => {
  const mock = await startMock();
  try {
    const dir = tempDir('shards');
    const target = ['--target-url', mock.issuer, '--client-id', 'harness-client-2', '--client-secret-env', 'SECRET'];
    const hints: string[] = [];
    for (const i of [1, 2]) {
      const res = await cli(
        ['run', ...target, '--suite', ...SUITES, '--shard', `${i}/2`, '--report-dir', join(dir, `shard-${i}`), '--quiet'],
        {
          SECRET: SECRETS.second,
        },
      );
      expect(res.code, res.stderr).toBe(0);
      hints.push(res.stderr.split('\n').find((l) => l.includes('merge them with:'))!);
    }
    const command = `npx idp-conformance run --merge ${join(dir, 'shard-1')} ${join(dir, 'shard-2')}`;
    expect(hints).toEqual([
      `idp-conformance: shard 1/2 written to ${join(dir, 'shard-1', 'blob-report')}; when every shard is done, merge them with: ${command}`,
      `idp-conformance: shard 2/2 written to ${join(dir, 'shard-2', 'blob-report')}; when every shard is done, merge them with: ${command}`,
    ]);

    const expected = loadSuites(findSuiteFiles(SUITES.map((s) => join(ROOT, s))), ROOT)
      .flatMap((s) => s.spec.cases.flatMap((c) => c.checks.map((k) => k.id)))
      .sort();
    const ids = (d: string) =>
      (JSON.parse(readFileSync(join(d, 'compliance.json'), 'utf8')) as ComplianceReport).results.map((r) => r.checkId).sort();

    // The printed command, as printed.
    const merged = join(dir, 'merged');
    const printed = command.split(' ').slice(2);
    const res = await cli([...printed, '--report-dir', merged, '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('merging 2 shard reports');
    expect(ids(merged)).toEqual(expected);

    // A glob, as a CI job that downloaded every shard's artifact writes it.
    const globbed = join(dir, 'globbed');
    const viaGlob = await cli(['run', '--merge', join(dir, 'shard-*'), '--report-dir', globbed, '--quiet']);
    expect(viaGlob.code, viaGlob.stderr).toBe(0);
    expect(ids(globbed)).toEqual(expected);

    // A folder without blobs is invalid input naming it.
    const none = await cli(['run', '--merge', join(dir, 'nothing-*'), '--report-dir', join(dir, 'x')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`--merge ${join(dir, 'nothing-*')}: no blob report`);
  } finally {
    await mock.close();
  }
});

test('`report --help` says it takes compliance.json files and that shard blobs are merged with run --merge', async () => {
  const res = await cli(['report', '--help']);
  expect(res.code).toBe(0);
  expect(res.stdout).not.toContain('one per shard');
  expect(res.stdout).toContain('idp-conformance run --merge DIR…');
});
