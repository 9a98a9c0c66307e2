// Counts and verdict of a run. A failure outranks an error: one proven non-conformance is a verdict even when
// other checks could not be evaluated; errors alone mean the run could not prove conformance either way.
import type { CheckResult, ComplianceSummary, Verdict } from './model.ts';

export function verdictOf(counts: { failed: number; errors: number }): Verdict {
  if (counts.failed > 0) return 'not-conformant';
  if (counts.errors > 0) return 'could-not-test';
  return 'conformant';
}

export function summarize(results: readonly CheckResult[]): ComplianceSummary {
  const count = (outcome: CheckResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const failed = count('fail');
  const errors = count('error');
  return {
    total: results.length,
    passed: count('pass'),
    failed,
    warned: count('warn'),
    skipped: count('skip'),
    errors,
    verdict: verdictOf({ failed, errors }),
  };
}

/** "1 check", "2 checks", "0 errors": every count the console and the reports print. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
