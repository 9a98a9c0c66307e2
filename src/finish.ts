// How a conformance command ends once its compliance model is built (`api`, `client`; `run` ends in its
// Playwright reporter): every report format written, the console summary, one verdict line (merged with the
// gate's when a policy is given) and the exit code.
import { colorSupported, palette } from './report/formats/ansi.ts';
import { renderConsoleSummary, renderReportsWritten, renderVerdict } from './report/formats/console.ts';
import type { ComplianceReport } from './report/model.ts';
import type { GatePolicy as Policy } from './gate/policy.ts';

export interface FinishOptions {
  reportDir: string;
  sarif?: boolean;
  /** The policy file given with --policy (loaded first with loadGatePolicy: a bad file is exit 2 before anything runs). */
  policyFile?: string;
  policy?: Policy;
  /** Where the lines go; the console's colours only when this is the default (stderr on a TTY). */
  log?: (line: string) => void;
}

/** Loads --policy before the run starts (InputError, exit 2, on a bad file). */
export async function loadGatePolicy(file: string): Promise<Policy> {
  const { loadPolicy } = await import('./gate/policy.ts');
  return loadPolicy(file);
}

/** Writes every report, prints the summary and the verdict, and returns the exit code (the gate's with a policy). */
export async function finishRun(model: ComplianceReport, opts: FinishOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const [{ writeReports }, { verdictExit }] = await Promise.all([import('./report/write.ts'), import('./run.ts')]);
  const written = await writeReports(model, opts.reportDir, {
    ...(opts.sarif ? { sarif: true } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  const p = palette(!opts.log && colorSupported(process.env, Boolean(process.stderr.isTTY)));
  for (const line of renderConsoleSummary(model, p)) log(line);
  log('');
  log(renderReportsWritten(opts.reportDir, written));
  const verdict = renderVerdict(model.summary, p);
  if (!opts.policy) {
    const code = verdictExit(model.summary.verdict);
    log(`idp-conformance: ${verdict} → exit ${code}`);
    return code;
  }
  const [{ evaluateGate }, { formatRunGate }] = await Promise.all([import('./gate/gate.ts'), import('./gate/print.ts')]);
  const result = evaluateGate(model, opts.policy, {});
  for (const line of formatRunGate(result, opts.policyFile ?? 'policy', verdict)) log(line);
  return result.exitCode;
}
