// Merges the compliance models of sharded runs into one, like `playwright merge-reports` does for blobs.
// A check that ran in two shards (a re-run shard) keeps its most severe outcome: a re-run must not hide a failure.
import { InputError } from '../../lib/errors.ts';
import { OUTCOMES, resultKey, type CheckResult, type ComplianceReport } from './model.ts';
import { summarize } from './summary.ts';

const severity = (r: CheckResult) => OUTCOMES.length - OUTCOMES.indexOf(r.outcome);

export function mergeReports(reports: readonly ComplianceReport[]): ComplianceReport {
  const [first] = reports;
  if (!first) throw new InputError('no compliance report to merge');
  for (const r of reports) {
    if (r.target.name !== first.target.name || r.target.issuer !== first.target.issuer) {
      throw new InputError(
        `cannot merge reports of different targets: "${first.target.name}" (${first.target.issuer ?? 'no issuer'}) and "${r.target.name}" (${r.target.issuer ?? 'no issuer'})`,
      );
    }
  }
  const byKey = new Map<string, CheckResult>();
  for (const result of reports.flatMap((r) => r.results)) {
    const key = resultKey(result);
    const seen = byKey.get(key);
    if (!seen || severity(result) > severity(seen)) byKey.set(key, result);
  }
  const results = [...byKey.values()];
  // Shards run in parallel: the merged duration is the wall-clock span from the first start to the last end.
  const starts = reports.map((r) => Date.parse(r.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...reports.map((r, i) => starts[i]! + r.durationMs));
  const profile = reports.find((r) => r.target.profile)?.target.profile;
  // Shards of different minor versions merge (1.x only adds optional fields): the result is of the newest one.
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const schemaVersion = reports.map((r) => r.schemaVersion).reduce((a, b) => (minor(b) > minor(a) ? b : a));
  return {
    schemaVersion,
    tool: first.tool,
    target: { ...first.target, ...(profile ? { profile } : {}) },
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    summary: summarize(results),
    results,
  };
}
