// `idp-conformance gate`: judge compliance.json against a policy and exit 0 (conformant), 1 (not conformant,
// expired or stale waiver, too many warnings), 2 (invalid policy or report) or 3 (could not test).
import { Command, InvalidArgumentError } from 'commander';

interface GateCliOptions {
  policy?: string;
  baseline?: string;
  today?: string;
  json?: boolean;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  }
  return value;
}

export function gateCommand(): Command {
  return new Command('gate')
    .description('fail the build when compliance.json is not conformant under a policy (exit 0/1/2/3)')
    .argument('<compliance.json...>', 'compliance report(s); several are merged (sharded runs)')
    .option('--policy <file>', 'gate policy YAML (default: MUST fail, SHOULD warn, MAY info)')
    .option('--baseline <file>', 'previous compliance.json: fail only on regressions against it')
    .option('--today <YYYY-MM-DD>', 'date used to expire waivers (default: today, UTC)', isoDate)
    .option('--json', 'print the gate result as JSON')
    .exitOverride()
    .action(async (files: string[], opts: GateCliOptions) => {
      const [{ loadComplianceReport }, { mergeReports }, { loadPolicy, defaultPolicy }, { evaluateGate }, { formatGateResult }] =
        await Promise.all([
          import('../../report/load.ts'),
          import('../../report/merge.ts'),
          import('../../gate/policy.ts'),
          import('../../gate/gate.ts'),
          import('../../gate/print.ts'),
        ]);
      const policy = opts.policy ? loadPolicy(opts.policy) : defaultPolicy();
      const reports = files.map(loadComplianceReport);
      const model = reports.length === 1 ? reports[0]! : mergeReports(reports);
      const baseline = opts.baseline ? loadComplianceReport(opts.baseline) : undefined;
      const result = evaluateGate(model, policy, { ...(baseline ? { baseline } : {}), ...(opts.today ? { today: opts.today } : {}) });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatGateResult(result).join('\n')}\n`);
      }
      process.exitCode = result.exitCode;
    });
}
