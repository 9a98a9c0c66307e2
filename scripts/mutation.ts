// `npm run mutation`: run the shipped suites against the mock once without faults (the baseline) and once per
// conformance fault, and report which checks each fault kills (outcome changed from the baseline to fail, warn
// or error), the checks no fault kills, and the mutation score. Writes reports/mutation/mutation.{json,md}.
//
// Suites run in-process with the harness's own per-case loop (runCase, which harness/conformance.spec.ts runs
// per case inside Playwright), so one fault costs about a second instead of a Playwright start; tests/faults checks
// that the in-process baseline equals `idp-conformance run`. A fault is switched on through the admin API
// after target discovery, so the checks (not discovery) judge the broken behaviour.
//
// The mock is served over HTTPS (src/tls-trust.ts), so the https-scheme checks judge it too: the process must
// trust its certificate from its start. `npm run mutation` re-runs itself so; the tests' workers get it from
// playwright.config.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmbeddedMock } from '../harness/embedded-mock.ts';
import { CaseRunner, jwksCache, runCase, type CheckRecord } from '../harness/execute.ts';
import { packageRoot } from '../src/run.ts';
import { rerunTrusting, trustedTls } from '../src/tls-trust.ts';
import { findSuiteFiles, loadSuites } from '../harness/suite-loader.ts';
import { discoverTarget, limitsOf, resolveCredentials } from '../harness/target.ts';
import { FAULTS, FAULTS_BY_NAME, type FaultDefinition } from '../mock-idp/faults/catalogue.ts';
import type { FaultSpec } from '../mock-idp/faults/engine.ts';
import { profileNames } from '../mock-idp/profile.ts';
import type { Level, Outcome } from '../src/report/model.ts';

export const ROOT = packageRoot();
/** Every shipped profile (fixtures/profiles/), generic first. */
export const PROFILES = profileNames();

export interface CheckOutcome {
  checkId: string;
  suite: string;
  level: Level;
  outcome: Outcome;
  message: string;
}

/** Check id → outcome of one run of every suite that applies to the profile. */
export type RunResult = Map<string, CheckOutcome>;

/** Cases run side by side against one mock (the harness runs them on parallel workers too). */
const CASE_CONCURRENCY = 6;

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Every shipped suite that runs against a target of this profile (generic suites plus the profile's own). */
export function suitesFor(profile: string) {
  return loadSuites(findSuiteFiles([join(ROOT, 'suites')]), ROOT).filter((s) => !s.spec.profile || s.spec.profile === profile);
}

/** Run the shipped suites against a fresh embedded mock in `profile`, with `faults` switched on after discovery. */
export async function runSuites(profile: string, faults: FaultSpec[] = []): Promise<RunResult> {
  const tls = trustedTls();
  if (!tls)
    throw new Error(
      'scripts/mutation.ts: this process does not trust the mock certificate: run it as `npm run mutation`, or under the tests (playwright.config.ts)',
    );
  const mock = await startEmbeddedMock(ROOT, profile, [], tls.files);
  Object.assign(process.env, mock.env);
  // The admin API sits under the issuer's path (mock-idp/index.ts).
  const admin = `${mock.target.issuer!.replace(/\/$/, '')}/_admin/faults`;
  const switchFaults = async (method: 'POST' | 'DELETE') => {
    for (const f of method === 'POST' ? faults : [{}]) {
      const res = await fetch(admin, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify(f) } : {}),
      });
      if (res.status !== (method === 'POST' ? 201 : 204))
        throw new Error(`cannot switch faults (${method}): ${res.status} ${await res.text()}`);
    }
  };
  try {
    // Like `idp-conformance run` against a faulty IdP: the fault is on from the first request. When it breaks
    // discovery itself (the run would exit 2 or 3), discover first and switch it on afterwards, as the admin
    // API does at run time, so the checks still get to judge the broken behaviour.
    await switchFaults('POST');
    let target;
    try {
      target = await discoverTarget(mock.target, mock.baseDir);
      // Metadata without token_endpoint leaves nothing but the metadata suite to run: judge it after discovery too.
      if (!target.endpoints.token) throw new Error('the fault hides the token endpoint');
    } catch (err) {
      if (!faults.length) throw err;
      await switchFaults('DELETE');
      target = await discoverTarget(mock.target, mock.baseDir);
      await switchFaults('POST');
    }
    const creds = resolveCredentials(target, target.baseDir);
    const limits = limitsOf(target);
    const jwks = jwksCache(target, limits);
    const records: CheckRecord[] = [];
    const cases = suitesFor(target.profile).flatMap((suite) => suite.spec.cases.map((c) => ({ suite, c })));
    // A stateful fault's kills depend on request order: play the cases one at a time so they repeat.
    const width = faults.some((f) => FAULTS_BY_NAME.get(f.name)?.stateful) ? 1 : CASE_CONCURRENCY;
    await pool(cases, width, async ({ suite, c }) => {
      await runCase(new CaseRunner(suite, c, target, creds, limits, jwks), records);
    });
    const result: RunResult = new Map();
    for (const r of records) {
      if (result.has(r.checkId)) throw new Error(`check id ${r.checkId} runs twice for profile ${profile}`);
      result.set(r.checkId, { checkId: r.checkId, suite: r.suite, level: r.level, outcome: r.outcome, message: r.message });
    }
    return result;
  } finally {
    await mock.close();
  }
}

/** The profiles a conformance fault is run in: its own list, else generic. */
export function profilesOf(f: FaultDefinition): string[] {
  return f.profiles ?? ['generic'];
}

/** Checks whose outcome changed from the baseline to fail, warn or error: the checks this fault kills. */
export function killedBy(baseline: RunResult, run: RunResult): string[] {
  const killed: string[] = [];
  for (const [id, r] of run) {
    const before = baseline.get(id)?.outcome;
    if (before !== r.outcome && (r.outcome === 'fail' || r.outcome === 'warn' || r.outcome === 'error')) killed.push(id);
  }
  return killed.sort();
}

/** Checks whose outcome changed in any other way (to pass or skip): "nothing else changes" is broken. */
export function otherChanges(baseline: RunResult, run: RunResult): { checkId: string; from?: Outcome; to: Outcome }[] {
  const out: { checkId: string; from?: Outcome; to: Outcome }[] = [];
  for (const [id, r] of run) {
    const before = baseline.get(id)?.outcome;
    if (before !== r.outcome && r.outcome !== 'fail' && r.outcome !== 'warn' && r.outcome !== 'error')
      out.push({ checkId: id, ...(before ? { from: before } : {}), to: r.outcome });
  }
  return out;
}

/** suites/UNKILLABLE.md: the table rows "| check id | reason |". */
export function readUnkillable(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'suites', 'UNKILLABLE.md'), 'utf8');
  const list = new Map<string, string>();
  for (const m of text.matchAll(/^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/gm)) list.set(m[1]!, m[2]!);
  return list;
}

export interface MutationReport {
  generatedAt: string;
  baseline: Record<string, { checks: number; outcomes: Partial<Record<Outcome, number>> }>;
  faults: {
    name: string;
    profile: string;
    kills: string[];
    errors: string[];
    otherChanges: { checkId: string; from?: Outcome; to: Outcome }[];
  }[];
  checks: { checkId: string; suite: string; profile: string; level: Level; killedBy: string[]; unkillable?: string }[];
  survivors: string[];
  score: {
    killed: number;
    killable: number;
    unkillable: number;
    percent: number;
    perSuite: Record<string, { killed: number; killable: number; unkillable: number }>;
  };
}

/** Baselines per profile, then every conformance fault in each of its profiles, two runs at a time. */
export async function mutationReport(
  opts: { faults?: string[]; parallel?: number; log?: (line: string) => void } = {},
): Promise<MutationReport> {
  const log = opts.log ?? (() => undefined);
  const selected = FAULTS.filter((f) => f.kind === 'conformance' && (!opts.faults || opts.faults.includes(f.name)));
  const profiles = [...new Set(['generic', ...PROFILES.filter((p) => p !== 'generic')])];
  const baselines = new Map<string, RunResult>();
  await pool(profiles, opts.parallel ?? 2, async (p) => {
    baselines.set(p, await runSuites(p));
    log(`baseline ${p}: ${baselines.get(p)!.size} checks`);
  });
  const jobs = selected.flatMap((f) => profilesOf(f).map((profile) => ({ f, profile })));
  const faults: MutationReport['faults'] = [];
  await pool(jobs, opts.parallel ?? 2, async ({ f, profile }) => {
    const run = await runSuites(profile, [{ name: f.name }]);
    const base = baselines.get(profile)!;
    const kills = killedBy(base, run);
    faults.push({
      name: f.name,
      profile,
      kills,
      errors: kills.filter((k) => run.get(k)!.outcome === 'error'),
      otherChanges: otherChanges(base, run),
    });
    log(`${f.name} (${profile}): kills ${faults.at(-1)!.kills.length}`);
  });
  faults.sort((a, b) => a.name.localeCompare(b.name) || a.profile.localeCompare(b.profile));

  const unkillable = readUnkillable();
  const checks: MutationReport['checks'] = [];
  for (const profile of profiles) {
    for (const r of baselines.get(profile)!.values()) {
      // Generic suites run in every profile; they are counted once, in the generic run.
      const generic = baselines.get('generic')!.has(r.checkId);
      if (generic && profile !== 'generic') continue;
      const by = faults.filter((f) => f.profile === profile && f.kills.includes(r.checkId)).map((f) => f.name);
      checks.push({
        checkId: r.checkId,
        suite: r.suite,
        profile,
        level: r.level,
        killedBy: by,
        ...(unkillable.has(r.checkId) ? { unkillable: unkillable.get(r.checkId)! } : {}),
      });
    }
  }
  const perSuite: MutationReport['score']['perSuite'] = {};
  for (const c of checks) {
    const s = (perSuite[c.suite] ??= { killed: 0, killable: 0, unkillable: 0 });
    if (c.unkillable !== undefined && !c.killedBy.length) s.unkillable++;
    else {
      s.killable++;
      if (c.killedBy.length) s.killed++;
    }
  }
  const total = Object.values(perSuite).reduce(
    (a, s) => ({ killed: a.killed + s.killed, killable: a.killable + s.killable, unkillable: a.unkillable + s.unkillable }),
    { killed: 0, killable: 0, unkillable: 0 },
  );
  const survivors = checks.filter((c) => !c.killedBy.length && c.unkillable === undefined).map((c) => c.checkId);
  const baseline: MutationReport['baseline'] = {};
  for (const [p, run] of baselines) {
    const outcomes: Partial<Record<Outcome, number>> = {};
    for (const r of run.values()) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    baseline[p] = { checks: run.size, outcomes };
  }
  return {
    generatedAt: new Date().toISOString(),
    baseline,
    faults,
    checks,
    survivors,
    score: { ...total, percent: total.killable ? Math.round((1000 * total.killed) / total.killable) / 10 : 100, perSuite },
  };
}

export function renderMarkdown(r: MutationReport): string {
  const lines = [
    '# Mutation report',
    '',
    'Each conformance fault of the mock (docs/faults.md) is switched on alone and the shipped suites are run against it;',
    "a fault *kills* a check when that check's outcome changes from the baseline to fail, warn or error.",
    '',
    `**Mutation score: ${r.score.killed}/${r.score.killable} killable checks killed (${r.score.percent}%)**; ${r.score.unkillable} checks listed in suites/UNKILLABLE.md.`,
    '',
    '| suite | killed | killable | unkillable |',
    '|---|---|---|---|',
    ...Object.entries(r.score.perSuite)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, v]) => `| ${s} | ${v.killed} | ${v.killable} | ${v.unkillable} |`),
    '',
    '## Checks no fault kills',
    '',
    ...(r.survivors.length ? r.survivors.map((c) => `- \`${c}\``) : ['None outside suites/UNKILLABLE.md.']),
    '',
    '## Unkillable (suites/UNKILLABLE.md)',
    '',
    ...r.checks
      .filter((c) => c.unkillable !== undefined && !c.killedBy.length)
      .map((c) => `- \`${c.checkId}\` (${c.level}): ${c.unkillable}`),
    '',
    '## Faults × checks',
    '',
    '| fault | profile | kills | checks |',
    '|---|---|---|---|',
    ...r.faults.map((f) => `| ${f.name} | ${f.profile} | ${f.kills.length} | ${f.kills.map((k) => `\`${k}\``).join(' ')} |`),
    '',
    '## Checks × faults',
    '',
    '| check | suite | level | killed by |',
    '|---|---|---|---|',
    ...r.checks.map(
      (c) =>
        `| \`${c.checkId}\` | ${c.suite} | ${c.level} | ${c.killedBy.join(', ') || (c.unkillable !== undefined ? '(unkillable)' : '**none**')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** tests/faults/expected-kills.yaml: fault → profile → the checks it kills (and those it only makes skip). */
export const EXPECTED_FILE = join(ROOT, 'tests', 'faults', 'expected-kills.yaml');

export interface ExpectedRun {
  kills: string[];
  /** Killed checks whose outcome is error (the check could not be evaluated), not fail/warn. */
  errors?: string[];
  /** Checks that become skipped: their case needs a token or document the fault broke. */
  skips?: string[];
}
export type Expected = Record<string, Record<string, ExpectedRun>>;

export function expectedFrom(r: MutationReport): Expected {
  const out: Expected = {};
  for (const f of r.faults) {
    const run: ExpectedRun = { kills: f.kills };
    if (f.errors.length) run.errors = f.errors;
    const skips = f.otherChanges
      .filter((c) => c.to === 'skip')
      .map((c) => c.checkId)
      .sort();
    if (skips.length) run.skips = skips;
    (out[f.name] ??= {})[f.profile] = run;
  }
  return out;
}

async function main(): Promise<void> {
  if (!trustedTls()) {
    process.exitCode = await rerunTrusting();
    return;
  }
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const dir = join(process.cwd(), 'reports', 'mutation');
  const started = Date.now();
  const report = await mutationReport({
    ...(only.length ? { faults: only } : {}),
    parallel: 2,
    log: (l) => process.stderr.write(`mutation: ${l}\n`),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'mutation.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'mutation.md'), renderMarkdown(report));
  if (args.includes('--update-expected')) {
    const { stringify } = await import('yaml');
    const header =
      '# Expected kills per fault and profile (tests/faults/matrix.spec.ts). Regenerate with\n# `npm run mutation -- --update-expected` and review the diff: a check leaving `kills` means a fault stopped being caught.\n';
    writeFileSync(EXPECTED_FILE, header + stringify(expectedFrom(report), { lineWidth: 0 }));
  }
  const s = report.score;
  process.stdout.write(
    `mutation score: ${s.killed}/${s.killable} (${s.percent}%), ${s.unkillable} unkillable, ${report.survivors.length} survivors; ${((Date.now() - started) / 1000).toFixed(1)} s → ${join(dir, 'mutation.md')}\n`,
  );
  if (report.survivors.length) process.stdout.write(`survivors: ${report.survivors.join(' ')}\n`);
  const leaks = report.faults.filter((f) => f.otherChanges.length);
  for (const f of leaks)
    process.stdout.write(
      `${f.name} (${f.profile}) also changed: ${f.otherChanges.map((c) => `${c.checkId} ${c.from}→${c.to}`).join(', ')}\n`,
    );
  process.exitCode = report.survivors.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
