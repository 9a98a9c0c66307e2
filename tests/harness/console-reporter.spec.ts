// The console of `idp-conformance run` (issue #12): one short line per case with a counter, the failures grouped by
// level with requirement ids and spec links, the skip reasons with the target setting that would enable them, the
// verdict with its coverage; `--reporter json` for scripts; no Playwright code frames, error-context.md or empty
// folders; `--quiet`; a --grep that matches nothing. The built CLI runs as users run it (bin/idp-conformance.js)
// against the embedded mock and against a mock with faults switched on (docs/faults.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { colorSupported, oneLine, palette } from '../../src/report/formats/ansi.ts';
import { renderCaseLine, renderVerdict } from '../../src/report/formats/console.ts';
import { validateComplianceReport } from '../../src/report/load.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, ROOT, tempDir, writeTarget } from './helpers.ts';

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

// `[ 3/30] ✓ rfc6749-client-credentials › token-get   2 passed, 0 failed, 0 skipped  127 ms`
const CASE_LINE =
  /^\[\s*(\d+)\/(\d+)\] ([✓✘!–]) ([\w-]+) › ([\w-]+) +(\d+) passed, (\d+) failed(?:, (\d+) warnings?)?(?:, (\d+) errors?)?, (\d+) skipped {2}\d+(?:\.\d)? (?:ms|s)$/;
const VERDICT =
  /^idp-conformance: (conformant|not-conformant|could-not-test) — (\d+) of (\d+) checks? evaluated, (\d+) skipped \((\d+) passed, (\d+) failed, (\d+) warnings?\) → exit (\d)$/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

function readModel(dir: string): ComplianceReport {
  return JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
}

/** Every path under dir, directories included. */
function walk(dir: string): { path: string; dir: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [{ path, dir: true }, ...walk(path)] : [{ path, dir: false }];
  });
}

/** No Playwright leftovers in the reports: no error-context.md, no test-results, no empty folder. */
function expectCleanReports(dir: string): void {
  const entries = walk(dir);
  expect(entries.map((e) => e.path).filter((p) => /error-context\.md$|test-results/.test(p))).toEqual([]);
  expect(entries.filter((e) => e.dir && readdirSync(e.path).length === 0).map((e) => e.path)).toEqual([]);
}

test('a passing run: one short line per case with a running counter, skip reasons, the verdict with coverage (RFC 6749 suite, embedded mock)', async () => {
  const reportDir = tempDir('console');
  const run = await cli(['run', '--report-dir', reportDir, '--grep', '@rfc6749-client-credentials'], { NO_COLOR: '1' });
  expect(run.code, run.stderr).toBe(0);
  const model = readModel(reportDir);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^Running \d+ cases of 1 suite \(1 worker\)$/);
  const cases = lines.slice(1).map((l) => CASE_LINE.exec(l));
  expect(
    cases.map((m, i) => (m ? '' : lines[i + 1])),
    'every other line is a case line',
  ).toEqual(cases.map(() => ''));
  const total = new Set(model.results.map((r) => r.case)).size;
  // The counter runs 1..N over N cases, each line names its suite and case, and the counts add up to the model's.
  expect(cases.map((m) => Number(m![1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(new Set(cases.map((m) => Number(m![2])))).toEqual(new Set([total]));
  expect(new Set(cases.map((m) => m![4]))).toEqual(new Set(['rfc6749-client-credentials']));
  const sum = (i: number) => cases.reduce((n, m) => n + Number(m![i] ?? 0), 0);
  expect({ passed: sum(6), failed: sum(7), skipped: sum(10) }).toEqual({
    passed: model.summary.passed,
    failed: model.summary.failed,
    skipped: model.summary.skipped,
  });
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
  expect(run.stdout + run.stderr).not.toMatch(ANSI);
  // Playwright internals never reach the console.
  expect(run.stdout + run.stderr).not.toMatch(/Running \d+ tests? using|harness\/conformance\.spec|error-context/);

  const err = run.stderr.trim().split('\n');
  const s = model.summary;
  expect(err.at(-1)).toBe(
    `idp-conformance: conformant — ${s.total - s.skipped - s.errors} of ${s.total} checks evaluated, ${s.skipped} skipped (${s.passed} passed, 0 failed, 0 warnings) → exit 0`,
  );
  expect(err).toContain(`skipped: ${s.skipped} checks`);
  // Each distinct skip reason once, with how many checks it skipped.
  const reasons = new Map<string, number>();
  for (const r of model.results.filter((x) => x.outcome === 'skip'))
    reasons.set(r.message.replace(/^skipped: /, ''), (reasons.get(r.message.replace(/^skipped: /, '')) ?? 0) + 1);
  expect(reasons.size).toBeGreaterThan(0);
  for (const [reason, n] of reasons) expect(err).toContain(`  ${n} skipped: ${reason}`);
  expectCleanReports(reportDir);
});

test.describe('against a broken IdP', () => {
  let mock: MockIdp;
  test.beforeAll(async () => {
    mock = await startMockIdp({
      config: join(ROOT, 'fixtures', 'mock-idp.yaml'),
      port: 0,
      faults: [{ name: 'missing-cache-control' }, { name: 'wrong-error-code' }],
    });
  });
  test.afterAll(async () => mock.close());

  test('failures grouped by level with requirement ids and spec links, skips grouped with the setting that enables them (RFC 6749 §5.1, §5.2)', async () => {
    const dir = tempDir('console-faults');
    // No resource.url: the checks that need a protected resource are skipped, and the console says what to add.
    const target = writeTarget(mock, dir, ['resource']);
    const reportDir = join(dir, 'reports');
    const run = await cli(['run', '--target', target, '--report-dir', reportDir], { NO_COLOR: '1' });
    expect(run.code, run.stderr).toBe(1);
    const model = readModel(reportDir);
    const s = model.summary;
    expect(s.failed).toBeGreaterThan(0);
    expect(s.warned).toBeGreaterThan(0);

    // The failing cases are marked on their lines, with their counts.
    const basic = run.stdout.split('\n').find((l) => / rfc6749-client-credentials › token-basic /.test(l));
    expect(basic).toMatch(CASE_LINE);
    expect(basic).toMatch(/\] ✘ .* \d+ passed, 1 failed, \d+ skipped/);

    const err = run.stderr.trimEnd().split('\n');
    // MUST failures, each with check id, requirement ids, case, one-line message and the spec link.
    const must = err.indexOf(`MUST: ${s.failed} failed`);
    expect(must, run.stderr).toBeGreaterThanOrEqual(0);
    const cacheControl = err.findIndex((l) => l.startsWith('  ✘ cc.resp.cache-control-no-store  RFC6749-5.1'));
    expect(cacheControl).toBeGreaterThan(must);
    expect(err[cacheControl]).toContain('rfc6749-client-credentials › token-basic');
    expect(err[cacheControl + 1]).toBe('    cache-control: expected the token "no-store", got absent');
    expect(err[cacheControl + 2]).toBe('    https://www.rfc-editor.org/rfc/rfc6749#section-5.1');
    const failures = err.filter((l) => l.startsWith('  ✘ '));
    expect(failures).toHaveLength(s.failed);
    // SHOULD warnings come after the MUST failures, in their own group.
    const should = err.indexOf(`SHOULD: ${s.warned} warnings`);
    expect(should).toBeGreaterThan(cacheControl);
    expect(err.filter((l) => l.startsWith('  ! '))).toHaveLength(s.warned);

    // Skip reasons, grouped, most frequent first, naming the target setting that would enable them.
    const noResource = model.results.filter((r) => r.outcome === 'skip' && r.message.includes('resource.url')).length;
    expect(noResource).toBeGreaterThan(0);
    expect(err).toContain(`  ${noResource} skipped: no protected resource URL is configured — add resource.url to the target file`);
    const skipLines = err.filter((l) => /^ {2}\d+ skipped: /.test(l));
    expect(skipLines.reduce((n, l) => n + Number(/\d+/.exec(l)![0]), 0)).toBe(s.skipped);

    expect(err.at(-2)).toBe(`idp-conformance: reports in ${reportDir}: compliance.json, junit.xml, ctrf.json, index.html, summary.md`);
    const verdict = VERDICT.exec(err.at(-1)!);
    expect(verdict, err.at(-1)).not.toBeNull();
    expect(verdict!.slice(1)).toEqual([
      'not-conformant',
      String(s.total - s.skipped - s.errors),
      String(s.total),
      String(s.skipped),
      String(s.passed),
      String(s.failed),
      String(s.warned),
      '1',
    ]);
    // No Playwright code frame, no expect() text, no error-context.md: a failed check is an outcome, not a crash.
    expect(run.stdout + run.stderr).not.toMatch(/expect\.soft|Expected:|Received:|^\s+at |error-context|\n\s*>?\s*\d+ \|/);
    expectCleanReports(reportDir);
  });

  test('--quiet prints only the failing cases, then the summary; no "Running N tests using M workers" line', async () => {
    const dir = tempDir('console-quiet');
    const target = writeTarget(mock, dir);
    const reportDir = join(dir, 'reports');
    const run = await cli(['run', '--target', target, '--report-dir', reportDir, '--quiet', '--grep', '@rfc6749-client-credentials'], {
      NO_COLOR: '1',
    });
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(CASE_LINE);
    for (const line of lines) expect(CASE_LINE.exec(line)![3]).toBe('✘');
    const failingCases = new Set(
      readModel(reportDir)
        .results.filter((r) => r.outcome === 'fail')
        .map((r) => r.case),
    );
    expect(lines).toHaveLength(failingCases.size);
    expect(run.stdout + run.stderr).not.toMatch(/Running \d+/);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(VERDICT);
  });
});

test('--reporter json prints the compliance model on stdout and nothing else (for scripts)', async () => {
  const reportDir = tempDir('console-json');
  const run = await cli(['run', '--report-dir', reportDir, '--reporter', 'json', '--grep', '@rfc8414-metadata'], { NO_COLOR: '1' });
  expect(run.code, run.stderr).toBe(0);
  const model = JSON.parse(run.stdout) as ComplianceReport;
  validateComplianceReport(model, 'stdout');
  expect(model).toEqual(readModel(reportDir));
  expect(model.results.length).toBeGreaterThan(0);
  // The progress and the verdict still reach the user, on stderr.
  expect(run.stderr).toMatch(/^\[\s*1\/\d+\] /m);
  expect(run.stderr.trim().split('\n').at(-1)).toMatch(VERDICT);
});

test("--reporter list keeps Playwright's own list reporter", async () => {
  const reportDir = tempDir('console-list');
  const run = await cli(['run', '--report-dir', reportDir, '--reporter', 'list', '--grep', '@rfc8414-metadata'], { NO_COLOR: '1' });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/Running \d+ tests? using \d+ workers?/);
  expect(run.stdout).toMatch(/✓ +\d+ .*› rfc8414-metadata › metadata-document/);
  expect(run.stdout.split('\n').filter((l) => CASE_LINE.test(l))).toEqual([]);
  expect(run.stderr.trim().split('\n').at(-1)).toMatch(VERDICT);
  expectCleanReports(reportDir);
});

test('--grep matching no case is invalid input that names the pattern, not a broken installation (exit 2)', async () => {
  const reportDir = tempDir('console-grep');
  const run = await cli(['run', '--report-dir', reportDir, '--grep', 'no-such-case-anywhere']);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain('--grep: no case matched "no-such-case-anywhere"');
  expect(run.stderr).not.toMatch(/reinstall|could not run/);
});

test('colours follow NO_COLOR, FORCE_COLOR and the terminal (https://no-color.org)', () => {
  expect(colorSupported({}, true)).toBe(true);
  expect(colorSupported({}, false)).toBe(false);
  expect(colorSupported({ TERM: 'dumb' }, true)).toBe(false);
  expect(colorSupported({ NO_COLOR: '1' }, true)).toBe(false);
  expect(colorSupported({ NO_COLOR: '' }, true)).toBe(true);
  expect(colorSupported({ FORCE_COLOR: '1' }, false)).toBe(true);
  expect(colorSupported({ FORCE_COLOR: '0' }, true)).toBe(false);
  expect(colorSupported({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);

  const line = { index: 3, total: 12, suite: 's', case: 'c', outcomes: ['pass', 'fail'] as const, ms: 1500 };
  expect(renderCaseLine(line, palette(false))).toBe('[ 3/12] ✘ s › c  1 passed, 1 failed, 0 skipped  1.5 s');
  expect(renderCaseLine(line, palette(true))).toMatch(ANSI);
  // The ETA, on a terminal only (the reporter passes it when its stream is one).
  expect(renderCaseLine({ ...line, etaMs: 65_000 }, palette(false))).toBe(
    '[ 3/12] ✘ s › c  1 passed, 1 failed, 0 skipped  1.5 s · ETA 1 min 05 s',
  );
  expect(
    renderVerdict({ total: 191, passed: 117, failed: 0, warned: 0, skipped: 74, errors: 0, verdict: 'conformant' }, palette(false)),
  ).toBe('conformant — 117 of 191 checks evaluated, 74 skipped (117 passed, 0 failed, 0 warnings)');
});

test('a message from the target cannot write escape sequences or extra lines to the terminal', () => {
  expect(oneLine('bad\u001b[2J\u001b]0;pwned\u0007 request\r\nnext line')).toBe('bad ]0;pwned request next line');
  expect(oneLine('x'.repeat(500))).toHaveLength(200);
});
