// The mutation score (issue #6): every check of every shipped suite is killed by at least one fault (per
// tests/faults/expected-kills.yaml, which matrix.spec.ts proves against the running mock) or listed in
// suites/UNKILLABLE.md with a reason, and no listed check is killed after all. The in-process runner the
// matrix relies on gives the same outcomes as `idp-conformance run`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { runConformance } from '../../src/run.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { EXPECTED_FILE, PROFILES, readUnkillable, runSuites, suitesFor, type Expected } from '../../scripts/mutation.ts';

const expected = parse(readFileSync(EXPECTED_FILE, 'utf8')) as Expected;

/** Check id → the profile its suite is judged in (generic suites once, vendor suites in their profile). */
function allChecks(): Map<string, string> {
  const out = new Map<string, string>();
  for (const profile of PROFILES) {
    for (const s of suitesFor(profile)) {
      if (profile !== 'generic' && !s.spec.profile) continue;
      for (const c of s.spec.cases) for (const k of c.checks) out.set(k.id, profile);
    }
  }
  return out;
}

test('mutation score 100% of killable checks: each is killed by a fault or listed in suites/UNKILLABLE.md', () => {
  const unkillable = readUnkillable();
  const checks = allChecks();
  const killedIn = new Map<string, Set<string>>();
  for (const runs of Object.values(expected)) {
    for (const [profile, run] of Object.entries(runs))
      for (const id of run.kills) (killedIn.get(id) ?? killedIn.set(id, new Set()).get(id)!).add(profile);
  }
  const survivors = [...checks].filter(([id, profile]) => !killedIn.get(id)?.has(profile) && !unkillable.has(id)).map(([id]) => id);
  expect(survivors, 'checks no fault kills: add a fault, or list them in suites/UNKILLABLE.md with the reason').toEqual([]);
  const stale = [...unkillable.keys()].filter((id) => killedIn.get(id)?.has(checks.get(id)!) || !checks.has(id));
  expect(stale, 'suites/UNKILLABLE.md rows for checks that are killed (or no longer exist)').toEqual([]);
  expect(unkillable.size, 'the unkillable list stays short').toBeLessThanOrEqual(15);
});

test('the in-process suite runner gives the same outcomes as `idp-conformance run --tls` (generic embedded mock over HTTPS)', async () => {
  test.setTimeout(180_000); // every shipped suite twice: a minute each on two loaded cores
  const dir = mkdtempSync(join(tmpdir(), 'idp-conformance-mutation-'));
  try {
    // Both serve the mock over HTTPS (this worker trusts the certificate: playwright.config.ts), so the https-scheme
    // checks are evaluated (RFC 8414 §2), not skipped.
    const code = await runConformance({
      reportDir: dir,
      quiet: true,
      workers: 2,
      tls: true,
      log: () => undefined,
      output: () => undefined,
    });
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const viaCli = Object.fromEntries(report.results.map((r) => [r.checkId, r.outcome]));
    const inProcess = Object.fromEntries([...(await runSuites('generic')).values()].map((r) => [r.checkId, r.outcome]));
    expect(inProcess).toEqual(viaCli);
    for (const id of ['meta.issuer-https', 'meta.endpoints-https', 'meta.jwks-uri-https']) expect(viaCli[id], id).toBe('pass');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
