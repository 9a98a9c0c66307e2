// Shipped policies hold against the shipped mock (issue #12): each vendor profile, with the quirks its policy's
// waivers cover switched on (`run --quirk`), passes the gate of fixtures/policies/<profile>.policy.yaml with
// every waiver used — no stale waiver, none matching only skipped checks — and the run ends in one verdict line
// naming the RFC verdict and the gate's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, tempDir } from './helpers.ts';

test.setTimeout(300_000);

/** Profile → the quirks (fixtures/profiles/<profile>.yaml) that its policy's [3P]/[DOC-EX] waivers describe. */
const ORACLE_QUIRKS = [
  'generic-discovery-issuer',
  'generic-token-issuer',
  'relative-discovery-urls',
  'introspect-endpoint-name',
  'introspection-active-string',
];
const QUIRKS: Record<string, string[]> = {
  'aveva-connect': [],
  'oci-iam': ORACLE_QUIRKS,
  'oracle-integration': ORACLE_QUIRKS,
  servicenow: ['bad-client-server-error'],
};

for (const [profile, quirks] of Object.entries(QUIRKS)) {
  test(`${profile} with ${quirks.length ? quirks.join(', ') : 'no quirks'} passes fixtures/policies/${profile}.policy.yaml, every waiver used`, async () => {
    const policy = `fixtures/policies/${profile}.policy.yaml`;
    const reportDir = join(tempDir(`policy-${profile}`), 'r');
    const res = await cli([
      'run',
      '--profile',
      profile,
      ...quirks.flatMap((q) => ['--quirk', q]),
      '--policy',
      policy,
      '--report-dir',
      reportDir,
      '--quiet',
    ]);
    const lines = res.stderr.trim().split('\n');
    expect(lines.filter((l) => /stale waiver|matched only skipped/.test(l))).toEqual([]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^idp-conformance: RFC verdict (not-)?conformant — \\d+ of \\d+ checks evaluated, \\d+ skipped \\([^)]*\\); gate passed with ${policy} \\(0 failing, \\d+ waived\\) → exit 0$`,
      ),
    );
    expect(res.stderr).not.toMatch(/→ conformant|gate FAILED/);
    expect(res.code).toBe(0);
    // Skip reasons are plain words, never the suite's template syntax (issue #12 item 4).
    const report = JSON.parse(readFileSync(join(reportDir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(report.results.filter((r) => r.outcome === 'skip' && r.message.includes('${')).map((r) => r.checkId)).toEqual([]);
  });
}
