// Each vendor suite passes against the embedded mock in that vendor's profile (issue #4 "Done when"), checking
// the behaviour vendor-behaviour.md Part B documents.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { profileNames } from '../../mock-idp/profile.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { ROOT, run, tempDir } from './helpers.ts';

test.setTimeout(120_000);

// Every vendor profile of fixtures/profiles/ (all but generic) has its suite, and it passes: no expected-failure
// list (a gap in the mock is fixed or the check changed, never hidden here).
const VENDOR_PROFILES = profileNames().filter((p) => p !== 'generic');

test('every vendor profile has a vendor suite (suites/vendor/<profile>.suite.yaml)', () => {
  expect(VENDOR_PROFILES.length).toBeGreaterThan(0);
  for (const profile of VENDOR_PROFILES) expect(existsSync(join(ROOT, 'suites', 'vendor', `${profile}.suite.yaml`)), profile).toBe(true);
});

for (const profile of VENDOR_PROFILES) {
  test(`the ${profile} vendor suite passes against the mock in the ${profile} profile (vendor-behaviour.md Part B)`, async () => {
    const dir = tempDir(`vendor-${profile}`);
    const { code } = await run({ reportDir: dir, profile, suite: [`suites/vendor/${profile}.suite.yaml`] });
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(report.target.profile).toBe(profile);
    expect(report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'pass').length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });
}
