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
