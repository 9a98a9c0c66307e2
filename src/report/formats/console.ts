// The console format, what `idp-conformance run` prints: one short line per case while the run goes, then the
// failures grouped by level, the skip reasons grouped (each names the target setting that would enable its
// checks), and the verdict with its coverage. It renders results only; when and where the lines go is the
// caller's (harness/console-reporter.ts for the case lines, src/run.ts for the end of the run).
import { LEVELS, type CheckResult, type ComplianceReport, type ComplianceSummary, type Outcome } from '../model.ts';
import { plural } from '../summary.ts';
import { oneLine, type Palette } from './ansi.ts';
import { basename, isAbsolute, relative } from 'node:path';

/** How many results each group of the end summary lists before "… and N more". */
const GROUP_LIMIT = 25;

export interface CaseLine {
  /** 1-based position of the case among those finished, and the number of cases in the run. */
  index: number;
  total: number;
  suite: string;
  case: string;
  outcomes: readonly Outcome[];
  ms: number;
  /** Estimated time left (shown on a terminal only). */
  etaMs?: number;
  /** Width the "suite › case" column is padded to. */
  nameWidth?: number;
  /** The case did not complete (a harness error, a per-case timeout): one line saying why. */
  error?: string;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

export function caseName(suite: string, caseId: string): string {
  return `${suite} › ${caseId}`;
}

function count(outcomes: readonly Outcome[], o: Outcome): number {
  return outcomes.filter((x) => x === o).length;
}

/** `[12/73] ✓ rfc6749-client-credentials › token-basic   7 passed, 0 failed, 1 skipped   91 ms` */
export function renderCaseLine(c: CaseLine, p: Palette): string {
  const n = (o: Outcome) => count(c.outcomes, o);
  const [failed, errors, warned, skipped, passed] = [n('fail'), n('error'), n('warn'), n('skip'), n('pass')];
  const symbol =
    c.error || failed || errors
      ? p.red('✘')
      : warned
        ? p.yellow('!')
        : c.outcomes.length && skipped === c.outcomes.length
          ? p.dim('–')
          : p.green('✓');
  const counter = p.dim(`[${String(c.index).padStart(String(c.total).length)}/${c.total}]`);
  const name = caseName(c.suite, c.case).padEnd(c.nameWidth ?? 0);
  const eta = c.etaMs !== undefined ? p.dim(` · ETA ${formatDuration(c.etaMs)}`) : '';
  const time = p.dim(formatDuration(c.ms));
  if (c.error) return `${counter} ${symbol} ${name}  ${p.red(`harness error: ${oneLine(c.error, 160)}`)}  ${time}${eta}`;
  const counts = [
    `${passed} passed`,
    failed ? p.red(`${failed} failed`) : '0 failed',
    ...(warned ? [p.yellow(plural(warned, 'warning'))] : []),
    ...(errors ? [p.red(plural(errors, 'error'))] : []),
    `${skipped} skipped`,
  ].join(', ');
  return `${counter} ${symbol} ${name}  ${counts}  ${time}${eta}`;
}

/** `not-conformant — 117 of 191 checks evaluated, 74 skipped (116 passed, 1 failed, 0 warnings)` */
export function renderVerdict(s: ComplianceSummary, p: Palette): string {
  const evaluated = s.total - s.skipped - s.errors;
  const verdict = s.verdict === 'conformant' ? p.green(s.verdict) : s.verdict === 'not-conformant' ? p.red(s.verdict) : p.yellow(s.verdict);
  const coverage = [`${evaluated} of ${plural(s.total, 'check')} evaluated`, `${s.skipped} skipped`];
  if (s.errors) coverage.push(`${plural(s.errors, 'error')} (could not evaluate)`);
  return `${p.bold(verdict)} — ${coverage.join(', ')} (${s.passed} passed, ${s.failed} failed, ${plural(s.warned, 'warning')})`;
}

/** One result of a failure group: check, requirements and where it ran; its message; its spec link. */
function renderFinding(r: CheckResult, p: Palette, mark: string): string[] {
  const requirements = r.requirements.length ? `  ${r.requirements.join(', ')}` : '';
  const lines = [`  ${mark} ${p.bold(r.checkId)}${requirements}  ${p.dim(caseName(r.suite, r.case))}`, `    ${oneLine(r.message)}`];
  // The first requirement's link: the one the check cites first (every link is in the HTML report).
  if (r.specUrls.length) lines.push(`    ${p.dim(r.specUrls[0]!)}`);
  return lines;
}

function group(title: string, results: CheckResult[], p: Palette, mark: string): string[] {
  if (!results.length) return [];
  const shown = results.slice(0, GROUP_LIMIT).flatMap((r) => renderFinding(r, p, mark));
  const more = results.length > GROUP_LIMIT ? [`  … and ${results.length - GROUP_LIMIT} more in compliance.json`] : [];
  return ['', title, ...shown, ...more];
}

/** The skip reasons, most frequent first: `18 skipped: no protected resource URL is configured — add resource.url …`. */
export function skipReasons(results: readonly CheckResult[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.outcome !== 'skip') continue;
    const reason = oneLine(r.message.replace(/^skipped: /, ''));
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([reason, n]) => ({ reason, count: n }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * The end of a run, before the verdict line: failures (MUST), warnings (SHOULD) and errors, each with check id,
 * requirement ids, one line of message and the spec link, then the skip reasons. MAY checks never fail
 * (docs/requirements.md), so they have no group. Empty for a run with nothing to report.
 */
export function renderConsoleSummary(model: ComplianceReport, p: Palette): string[] {
  const results = model.results;
  const lines: string[] = [];
  for (const level of LEVELS) {
    const atLevel = results.filter((r) => r.level === level);
    const failed = atLevel.filter((r) => r.outcome === 'fail');
    const warned = atLevel.filter((r) => r.outcome === 'warn');
    lines.push(...group(p.red(p.bold(`${level}: ${failed.length} failed`)), failed, p, p.red('✘')));
    lines.push(...group(p.yellow(p.bold(`${level}: ${plural(warned.length, 'warning')}`)), warned, p, p.yellow('!')));
  }
  const errors = results.filter((r) => r.outcome === 'error');
  lines.push(...group(p.red(p.bold(`could not evaluate: ${plural(errors.length, 'error')}`)), errors, p, p.red('✘')));
  const skips = skipReasons(results);
  if (skips.length) {
    lines.push('', p.bold(`skipped: ${plural(model.summary.skipped, 'check')}`));
    for (const s of skips) lines.push(`  ${s.count} skipped: ${s.reason}`);
  }
  return lines;
}

/** "idp-conformance: reports in <dir>: compliance.json, …", the folder relative to the working directory when under it. */
export function renderReportsWritten(reportDir: string, written: string[]): string {
  const shown = relative(process.cwd(), reportDir);
  const where = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : reportDir;
  return `idp-conformance: reports in ${where}: ${written.map((f) => basename(f)).join(', ')}`;
}
