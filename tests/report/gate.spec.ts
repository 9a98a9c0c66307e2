// The gate and the `report`/`gate` commands as CI runs them: exit 0 conformant, 1 not conformant, 2 invalid
// policy or report, 3 could not test; waivers expire and go stale loudly (OpenID conformance suite semantics).
import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateGate } from '../../src/gate/gate.ts';
import { defaultPolicy, loadPolicy, parsePolicy } from '../../src/gate/policy.ts';
import { specReference } from '../../src/report/spec-urls.ts';
import { findSuiteFiles, loadSuites } from '../../harness/suite-loader.ts';
import { ROOT, runCli, writeReport } from './helpers.ts';
import { SAMPLE_RESULTS, sampleReport, withOutcomes } from './fixtures/sample-report.ts';

const TODAY = '2026-11-22';
const gate = (model = sampleReport(), policyYaml?: string, baseline?: ReturnType<typeof sampleReport>) =>
  evaluateGate(model, policyYaml === undefined ? defaultPolicy() : parsePolicy(policyYaml, 'policy.yaml'), {
    today: TODAY,
    ...(baseline ? { baseline } : {}),
  });
const kinds = (r: ReturnType<typeof gate>) =>
  r.findings.filter((f) => f.severity === 'fail').map((f) => `${f.kind}:${f.checkId ?? f.where ?? '-'}`);

/** The sample with only the two MUST failures of RFC 6749 §5.1/§5.2 and no error. */
const failingOnly = () => sampleReport(SAMPLE_RESULTS.filter((r) => r.outcome !== 'error'));

test.describe('evaluateGate', () => {
  test('MUST failures fail the gate (exit 1) and SHOULD warnings only warn (RFC 2119 default policy)', () => {
    const r = gate(failingOnly());
    expect(r.exitCode).toBe(1);
    expect(kinds(r)).toEqual(['check:token.cache-control-no-store', 'check:error.invalid-client-401']);
    expect(r.findings.filter((f) => f.severity === 'warn').map((f) => f.checkId)).toEqual(['token.expires-in']);
  });

  test('a report with errors and no failure could not test (exit 3)', () => {
    expect(gate(withOutcomes({ fail: 'pass' })).exitCode).toBe(3);
  });

  test('a report with only passes, warnings and skips is conformant (exit 0)', () => {
    expect(gate(withOutcomes({ fail: 'pass', error: 'pass' })).exitCode).toBe(0);
  });

  test('strict turns SHOULD warnings into failures', () => {
    const r = gate(withOutcomes({ fail: 'pass', error: 'pass' }), 'strict: true\n');
    expect(r.exitCode).toBe(1);
    expect(kinds(r)).toEqual(['check:token.expires-in']);
  });

  test('maxWarnings fails the gate when exceeded, not when met', () => {
    const clean = withOutcomes({ fail: 'pass', error: 'pass' });
    expect(gate(clean, 'maxWarnings: 1\n').exitCode).toBe(0);
    expect(kinds(gate(clean, 'maxWarnings: 0\n'))).toEqual(['max-warnings:-']);
  });

  test('an active waiver (by requirement or check id) waives matching failures', () => {
    const r = gate(
      failingOnly(),
      `waivers:
  - requirement: RFC6749-5.2
    reason: vendor ticket 1
    expires: 2027-01-31
  - check: token.cache-control-no-store
    reason: vendor ticket 2
    expires: ${TODAY}
`,
    );
    expect(r.exitCode).toBe(0);
    expect(r.waived.map((w) => w.result.checkId)).toEqual(['token.cache-control-no-store', 'error.invalid-client-401']);
  });

  test('an expired waiver fails the gate and names the policy line', () => {
    const r = gate(failingOnly(), `waivers:\n  - requirement: RFC6749-5.2\n    reason: old ticket\n    expires: 2026-11-21\n`);
    expect(r.exitCode).toBe(1);
    const expired = r.findings.find((f) => f.kind === 'expired-waiver')!;
    expect(expired).toMatchObject({ severity: 'fail', where: 'policy.yaml:2' });
    expect(expired.message).toContain('expired on 2026-11-21');
    // The waived check is no longer waived either.
    expect(kinds(r)).toContain('check:error.invalid-client-401');
  });

  test('a waiver whose checks now pass fails as stale, so allowlists cannot rot', () => {
    const r = gate(
      withOutcomes({ fail: 'pass', error: 'pass' }),
      `waivers:\n  - check: token.cache-control-no-store\n    reason: fixed?\n    expires: 2027-01-01\n`,
    );
    expect(r.exitCode).toBe(1);
    expect(r.findings.find((f) => f.kind === 'stale-waiver')?.message).toMatch(
      /token\.cache-control-no-store now passes; remove the waiver/,
    );
  });

  test('a waiver matching no check is reported but does not fail', () => {
    const r = gate(
      withOutcomes({ fail: 'pass', error: 'pass' }),
      `waivers:\n  - requirement: RFC7009-2\n    reason: revoke via GET\n    expires: 2027-01-01\n`,
    );
    expect(r.exitCode).toBe(0);
    expect(r.findings.find((f) => f.kind === 'unused-waiver')?.severity).toBe('info');
  });

  test('with a baseline only regressions fail: checks that passed, warned or skipped before and fail now', () => {
    const baseline = sampleReport(
      SAMPLE_RESULTS.filter((r) => r.outcome !== 'error').map((r) =>
        r.checkId === 'error.invalid-client-401' ? { ...r, outcome: 'pass' as const } : r,
      ),
    );
    const r = gate(failingOnly(), undefined, baseline);
    expect(r.exitCode).toBe(1);
    expect(kinds(r)).toEqual(['regression:error.invalid-client-401']);
    expect(r.findings.find((f) => f.checkId === 'token.cache-control-no-store')).toMatchObject({ kind: 'known-failure', severity: 'info' });
    expect(gate(failingOnly(), undefined, failingOnly()).exitCode).toBe(0);
  });
});

const SHIPPED_CHECK_IDS = loadSuites(findSuiteFiles([join(ROOT, 'suites')]), ROOT).flatMap((s) =>
  s.spec.cases.flatMap((c) => c.checks.map((k) => k.id)),
);

test.describe('policy files', () => {
  for (const profile of ['oci-iam', 'oracle-integration', 'aveva-connect', 'servicenow']) {
    test(`fixtures/policies/${profile}.policy.yaml is a valid policy whose waivers name known requirement or check ids with reasons`, () => {
      const p = loadPolicy(join(ROOT, `fixtures/policies/${profile}.policy.yaml`));
      expect(p.profile).toBe(profile);
      for (const w of p.waivers) {
        // Every waiver can match a suite check: a known requirement id (catalogue or RFC section), or a shipped check id.
        if (w.check !== undefined) expect(SHIPPED_CHECK_IDS, w.check).toContain(w.check);
        else expect(specReference(w.requirement ?? ''), w.requirement).toBeDefined();
        expect(w.reason.length).toBeGreaterThan(10);
      }
    });
  }

  test('a policy naming both check and requirement in one waiver is rejected with file, line and key', () => {
    expect(() =>
      parsePolicy('waivers:\n  - check: a\n    requirement: RFC6749-5.2\n    reason: r\n    expires: 2027-01-01\n', 'p.yaml'),
    ).toThrow(/^p\.yaml:3: waivers\[0\]\.requirement: name exactly one of "check" or "requirement"/);
  });

  test('an impossible expiry date is rejected', () => {
    expect(() => parsePolicy('waivers:\n  - check: a\n    reason: r\n    expires: 2027-02-30\n', 'p.yaml')).toThrow(
      /p\.yaml:4: waivers\[0\]\.expires: "2027-02-30" is not a calendar date/,
    );
  });
});

test.describe('CLI', () => {
  let dir: string;
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'idpc-cli-'));
  });
  const policyFile = (yaml: string) => {
    const p = join(dir, 'policy.yaml');
    writeFileSync(p, yaml);
    return p;
  };

  test('gate exits 1 on a not-conformant report and prints each failing check with its requirement', () => {
    const r = runCli(['gate', writeReport(dir, 'c.json', failingOnly())]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {3}MUST token\.cache-control-no-store \[RFC6749-5\.1\] token-endpoint\/cc-valid: /m);
    expect(r.stdout).toContain('gate FAILED for staging: 2 failing');
  });

  test('gate exits 0 on a conformant report and 3 on could-not-test', () => {
    expect(runCli(['gate', writeReport(dir, 'ok.json', withOutcomes({ fail: 'pass', error: 'pass' }))]).code).toBe(0);
    expect(runCli(['gate', writeReport(dir, 'cnt.json', withOutcomes({ fail: 'pass' }))]).code).toBe(3);
  });

  test('gate with an expired waiver fails, and with a stale waiver fails', () => {
    const expired = policyFile(`waivers:\n  - requirement: RFC6749-5.1\n    reason: r\n    expires: 2026-01-01\n`);
    const r1 = runCli([
      'gate',
      writeReport(dir, 'ok.json', withOutcomes({ fail: 'pass', error: 'pass' })),
      '--policy',
      expired,
      '--today',
      TODAY,
    ]);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toContain(`${expired}:2: waiver for requirement RFC6749-5.1 expired on 2026-01-01`);
    const stale = policyFile(`waivers:\n  - check: token.success-json\n    reason: r\n    expires: 2030-01-01\n`);
    const r2 = runCli(['gate', join(dir, 'ok.json'), '--policy', stale, '--today', TODAY]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('stale waiver for check token.success-json');
  });

  test('gate --baseline fails only on regressions', () => {
    const previous = writeReport(dir, 'previous.json', failingOnly());
    const current = sampleReport(
      SAMPLE_RESULTS.filter((r) => r.outcome !== 'error').map((r) =>
        r.checkId === 'token.success-json' ? { ...r, outcome: 'fail' as const } : r,
      ),
    );
    const r = runCli(['gate', writeReport(dir, 'current.json', current), '--baseline', previous]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^FAIL .*/gm)).toEqual([expect.stringContaining('regression (pass in baseline): MUST token.success-json')]);
    expect(runCli(['gate', previous, '--baseline', previous]).code).toBe(0);
  });

  test('gate with a bad policy YAML names file, line and key and exits 2', () => {
    const bad = policyFile('levels:\n  MUST: fail\n  SHOULD: explode\nwaivers: []\n');
    const r = runCli(['gate', writeReport(dir, 'c.json', failingOnly()), '--policy', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: levels.SHOULD: must be one of "fail", "warn", "info", "ignore"`);
    const broken = policyFile('waivers:\n  - check: [unclosed\n');
    const r2 = runCli(['gate', join(dir, 'c.json'), '--policy', broken]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  });

  test('gate with an invalid report names the file and JSON path and exits 2', () => {
    const m = JSON.parse(JSON.stringify(failingOnly()));
    m.results[1].level = 'MUSTN';
    const r = runCli(['gate', writeReport(dir, 'bad.json', m)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'bad.json')}: $.results[1].level: must be one of "MUST", "SHOULD", "MAY"`);
    expect(runCli(['gate', join(dir, 'missing.json')]).code).toBe(2);
  });

  test('report merges sharded compliance.json files and writes every requested format', () => {
    const shard1 = writeReport(
      dir,
      'shard1.json',
      sampleReport(SAMPLE_RESULTS.slice(0, 5), { startedAt: '2026-11-20T10:00:00.000Z', durationMs: 1000 }),
    );
    const shard2 = writeReport(
      dir,
      'shard2.json',
      sampleReport(SAMPLE_RESULTS.slice(4), { startedAt: '2026-11-20T10:00:01.000Z', durationMs: 2000 }),
    );
    const out = join(dir, 'out');
    const r = runCli(['report', shard1, shard2, '--format', 'all', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'staging: not-conformant (10 checks: 4 passed, 2 failed, 2 warned, 1 skipped, 1 error) merged from 2 reports',
    );
    for (const f of ['compliance.json', 'junit.xml', 'ctrf.json', 'index.html', 'summary.md', 'results.sarif'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const merged = JSON.parse(readFileSync(join(out, 'compliance.json'), 'utf8'));
    expect(merged.results).toHaveLength(10);
    expect(merged.durationMs).toBe(3000);
  });

  test('a count of one is singular: "1 check", "1 error" in the console and summary.md (issue #12 item 9)', () => {
    const input = writeReport(dir, 'one.json', sampleReport(SAMPLE_RESULTS.slice(0, 1)));
    const out = join(dir, 'one');
    const r = runCli(['report', input, '--out', out, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(1 check: 1 passed, 0 failed, 0 warned, 0 skipped, 0 errors)');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('\n1 check: 1 passed,');
  });

  test('report writes no SARIF unless asked, and rejects an unknown format with exit 2', () => {
    const input = writeReport(dir, 'c.json', sampleReport());
    const out = join(dir, 'out');
    expect(runCli(['report', input, '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'results.sarif'))).toBe(false);
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
    const r = runCli(['report', input, '--out', out, '--format', 'junit,pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown report format "pdf"');
  });
});
