// The CI gate: judges compliance.json against a policy. Exit 0 conformant, 1 not conformant (a failing finding,
// an expired or stale waiver, too many warnings), 3 could not test. Waivers follow the OpenID conformance suite's
// expected-failure lists: they expire, and one whose checks now pass fails the build so allowlists cannot rot.
import { EXIT } from '../../lib/errors.ts';
import { resultKey, type CheckResult, type ComplianceReport, type Level, type Outcome } from '../report/model.ts';
import type { GateAction, GatePolicy, Waiver } from './policy.ts';

export type FindingKind =
  | 'check'
  | 'regression'
  | 'known-failure'
  | 'new-failure'
  | 'could-not-test'
  | 'expired-waiver'
  | 'stale-waiver'
  | 'unused-waiver'
  | 'max-warnings';

export interface GateFinding {
  /** fail and error decide the exit code; warn counts toward maxWarnings; info is printed only. */
  severity: 'fail' | 'error' | 'warn' | 'info';
  kind: FindingKind;
  message: string;
  checkId?: string;
  suite?: string;
  case?: string;
  level?: Level;
  outcome?: Outcome;
  requirements?: string[];
  /** "policy.yaml:14" for waiver findings. */
  where?: string;
}

export interface WaivedFinding {
  result: CheckResult;
  waiver: Waiver;
}

export interface GateResult {
  exitCode: 0 | 1 | 3;
  findings: GateFinding[];
  waived: WaivedFinding[];
  messages: string[];
}

export interface GateOptions {
  /** A previous compliance report: only regressions against it fail. */
  baseline?: ComplianceReport;
  /** YYYY-MM-DD (UTC) used for waiver expiry; default today. */
  today?: string;
}

const RANK: Record<GateAction, number> = { ignore: 0, info: 1, warn: 2, fail: 3 };

/** What a failed or warned check does to the build: the level's action, capped at warn for a warn outcome. */
function actionFor(r: CheckResult, policy: GatePolicy): GateAction {
  let action = policy.levels[r.level];
  if (r.outcome === 'warn' && RANK[action] > RANK.warn) action = 'warn';
  if (policy.strict && action === 'warn') action = 'fail';
  return action;
}

export function waiverMatches(w: Waiver, r: CheckResult): boolean {
  return w.check !== undefined ? r.checkId === w.check : r.requirements.includes(w.requirement!);
}

const waiverName = (w: Waiver) => (w.check !== undefined ? `check ${w.check}` : `requirement ${w.requirement}`);

function checkFields(r: CheckResult) {
  return { checkId: r.checkId, suite: r.suite, case: r.case, level: r.level, outcome: r.outcome, requirements: r.requirements };
}

function describeCheck(r: CheckResult): string {
  return `${r.level} ${r.checkId} [${r.requirements.join(', ') || 'no requirement'}] ${r.suite}/${r.case}: ${r.message}`;
}

export function evaluateGate(model: ComplianceReport, policy: GatePolicy, options: GateOptions = {}): GateResult {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const where = (i: number) => (policy.file ? `${policy.file}:${policy.lineOf?.(['waivers', i]) ?? 1}` : `waivers[${i}]`);
  const findings: GateFinding[] = [];
  const waived: WaivedFinding[] = [];
  const active = policy.waivers.filter((w) => w.expires >= today);
  const baseline = options.baseline && new Map(options.baseline.results.map((r) => [resultKey(r), r]));

  policy.waivers.forEach((w, i) => {
    if (w.expires < today) {
      findings.push({
        severity: 'fail',
        kind: 'expired-waiver',
        message: `waiver for ${waiverName(w)} expired on ${w.expires} ("${w.reason}"): fix the IdP or renew the waiver with a new date`,
        where: where(i),
      });
    }
  });

  for (const r of model.results) {
    if (r.outcome === 'error') {
      findings.push({ severity: 'error', kind: 'could-not-test', message: `could not test: ${describeCheck(r)}`, ...checkFields(r) });
      continue;
    }
    if (r.outcome !== 'fail' && r.outcome !== 'warn') continue;
    const waiver = active.find((w) => waiverMatches(w, r));
    if (waiver) {
      waived.push({ result: r, waiver });
      continue;
    }
    const action = actionFor(r, policy);
    if (action === 'ignore') continue;
    if (action === 'fail' && baseline) {
      const before = baseline.get(resultKey(r));
      if (!before) {
        findings.push({
          severity: 'info',
          kind: 'new-failure',
          message: `new check failing (not in baseline): ${describeCheck(r)}`,
          ...checkFields(r),
        });
      } else if (before.outcome === 'fail' || before.outcome === 'error') {
        findings.push({
          severity: 'info',
          kind: 'known-failure',
          message: `still failing (${before.outcome} in baseline): ${describeCheck(r)}`,
          ...checkFields(r),
        });
      } else {
        findings.push({
          severity: 'fail',
          kind: 'regression',
          message: `regression (${before.outcome} in baseline): ${describeCheck(r)}`,
          ...checkFields(r),
        });
      }
      continue;
    }
    findings.push({ severity: action, kind: 'check', message: describeCheck(r), ...checkFields(r) });
  }

  policy.waivers.forEach((w, i) => {
    if (w.expires < today) return;
    const matched = model.results.filter((r) => waiverMatches(w, r));
    if (matched.some((r) => r.outcome === 'fail' || r.outcome === 'warn')) return;
    if (matched.some((r) => r.outcome === 'pass')) {
      findings.push({
        severity: 'fail',
        kind: 'stale-waiver',
        message: `stale waiver for ${waiverName(w)}: ${matched
          .filter((r) => r.outcome === 'pass')
          .map((r) => r.checkId)
          .join(', ')} now pass${matched.length > 1 ? '' : 'es'}; remove the waiver`,
        where: where(i),
      });
    } else {
      findings.push({
        severity: 'info',
        kind: 'unused-waiver',
        message: `waiver for ${waiverName(w)} matched ${matched.length ? 'only skipped or errored checks' : 'no check in this report'}`,
        where: where(i),
      });
    }
  });

  const warnings = findings.filter((f) => f.severity === 'warn').length;
  if (policy.maxWarnings !== undefined && warnings > policy.maxWarnings) {
    findings.push({ severity: 'fail', kind: 'max-warnings', message: `${warnings} warnings exceed maxWarnings ${policy.maxWarnings}` });
  }

  const failing = findings.filter((f) => f.severity === 'fail').length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const exitCode = failing ? EXIT.NOT_CONFORMANT : errors ? EXIT.CANNOT_TEST : EXIT.OK;
  const outcome = exitCode === EXIT.OK ? 'passed' : exitCode === EXIT.CANNOT_TEST ? 'could not test' : 'FAILED';
  const messages = [
    `gate ${outcome} for ${model.target.name}: ${failing} failing, ${errors} could not test, ${warnings} warnings, ${waived.length} waived` +
      (options.baseline ? ' (baseline: regressions only)' : '') +
      (policy.strict ? ' (strict)' : ''),
  ];
  return { exitCode, findings, waived, messages };
}
