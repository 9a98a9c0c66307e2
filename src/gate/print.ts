// The gate result as the console lines `idp-conformance gate` and `run --policy` print.
import type { GateResult } from './gate.ts';

const LABEL = { fail: 'FAIL  ', error: 'ERROR ', warn: 'WARN  ', info: 'INFO  ' } as const;

export function formatGateResult(result: GateResult): string[] {
  return [
    ...result.findings.map((f) => `${LABEL[f.severity]} ${f.where ? `${f.where}: ` : ''}${f.message}`),
    ...result.waived.map(
      ({ result: r, waiver: w }) => `WAIVED ${r.level} ${r.checkId} ${r.suite}/${r.case}: ${w.reason} (until ${w.expires})`,
    ),
    ...result.messages,
  ];
}

/**
 * What `run --policy` and `api --policy` print after the suites: the gate's findings and waivers, then one verdict
 * line naming both the RFC verdict (with its coverage) and the gate's, never "conformant" on one line and "gate
 * FAILED" on the next (issue #12).
 */
export function formatRunGate(result: GateResult, policyName: string, rfcVerdict: string): string[] {
  const failing = result.findings.filter((f) => f.severity === 'fail').length;
  const gate = result.exitCode === 0 ? 'gate passed' : result.exitCode === 3 ? 'gate could not test' : 'gate FAILED';
  return [
    ...formatGateResult({ ...result, messages: [] }),
    `idp-conformance: RFC verdict ${rfcVerdict}; ${gate} with ${policyName} (${failing} failing, ${result.waived.length} waived) → exit ${result.exitCode}`,
  ];
}
