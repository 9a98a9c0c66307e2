// The order every human-facing format lists checks in: what needs attention first, then by suite and case.
import { LEVELS, OUTCOMES, type CheckResult } from '../model.ts';

export function byAttention(results: readonly CheckResult[]): CheckResult[] {
  return [...results].sort(
    (a, b) =>
      OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) ||
      LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
      a.suite.localeCompare(b.suite) ||
      a.case.localeCompare(b.case) ||
      a.checkId.localeCompare(b.checkId),
  );
}

/** Results grouped by suite, suites and checks in first-seen order (JUnit testsuites). */
export function bySuite(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const suites = new Map<string, CheckResult[]>();
  for (const r of results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);
  return suites;
}
