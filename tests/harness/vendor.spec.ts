// Each vendor suite passes against the embedded mock in that vendor's profile (issue #4 "Done when"), checking
// the behaviour vendor-behaviour.md Part B documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { run, tempDir } from './helpers.ts';

test.setTimeout(120_000);

/** Vendor suites known not to pass against the mock yet, with the reason (a fixed gap makes test.fail fail). */
const KNOWN_MOCK_GAPS: Record<string, string> = {};

for (const profile of ['oci-iam', 'oracle-integration', 'aveva-connect', 'servicenow']) {
  test(`the ${profile} vendor suite passes against the mock in the ${profile} profile (vendor-behaviour.md Part B)`, async () => {
    test.fail(profile in KNOWN_MOCK_GAPS, KNOWN_MOCK_GAPS[profile]);
    const dir = tempDir(`vendor-${profile}`);
    const { code } = await run({ reportDir: dir, profile, suite: [`suites/vendor/${profile}.suite.yaml`] });
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(report.target.profile).toBe(profile);
    expect(report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'pass').length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });
}
