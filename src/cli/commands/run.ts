// `idp-conformance run`: the conformance harness. The implementation (src/run.ts) is loaded only here, so
// other commands start without it.
import { Command, Option } from 'commander';

export function runCommand(): Command {
  return new Command('run')
    .description('run the conformance suites against a target, or against the embedded mock IdP when none is given')
    .option('--target <file>', 'target file (YAML, see targets/example.target.yaml)')
    .option('--target-url <url>', 'issuer or discovery URL of the target (quick mode, with --client-id and --client-secret-env)')
    .option('--client-id <id>', 'client id for --target-url')
    .option('--client-secret-env <name>', 'environment variable holding the client secret for --target-url')
    .option(
      '--profile <name>',
      'vendor profile (generic, oci-iam, oracle-integration, aveva-connect, servicenow); with no target, the embedded mock runs in it',
    )
    .option(
      '--quirk <name>',
      'with no target: switch on a named quirk of the profile in the embedded mock (fixtures/profiles/*.yaml; repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--suite <path...>', 'suite files or directories (default: suites/)')
    .option('--grep <regexp>', 'only run cases whose title or tags match')
    .option('--report-dir <dir>', 'where compliance.json and the reports go', 'reports')
    .option('--shard <i/n>', 'run one shard and write a blob report (merge with --merge)')
    .option(
      '--merge <dir...>',
      "merge every shard's blob report into one compliance.json: the shards' --report-dir or blob-report folders, or a glob ('reports/shard-*')",
    )
    .addOption(new Option('--workers <n>', 'parallel Playwright workers').default(2).argParser((v) => Number.parseInt(v, 10)))
    .option('--sarif', 'also write results.sarif')
    .option('--policy <file>', 'gate the result with this policy, as `idp-conformance gate` does (exit code from the gate)')
    .option('--baseline <file>', 'with --policy: fail only on regressions against this previous compliance.json')
    .option('--no-preflight', "run the suites even when the token request with the target's credentials fails (to test exactly that)")
    .option(
      '--tls',
      'with no target: serve the embedded mock over HTTPS with a certificate made for this run (and trusted by it), so the https-scheme checks are evaluated',
    )
    .option('--quiet', 'dot progress instead of one line per case')
    .option('--timeout <duration>', 'run-wide deadline (90s, 10m, 1h; default 10m): past it the run ends with what was evaluated, exit 3')
    .action(async (opts: Record<string, unknown>) => {
      if (opts.target && opts.targetUrl)
        throw new (await import('../../../lib/errors.ts')).InputError('give --target or --target-url, not both');
      // Node trusts a CA only from its start: the run with the mock over HTTPS happens in a child that trusts it.
      if (opts.tls && !opts.target && !opts.targetUrl) {
        const { trustedTls, rerunTrusting } = await import('../../tls-trust.ts');
        if (!trustedTls()) {
          process.exitCode = await rerunTrusting();
          return;
        }
      }
      const { runConformance } = await import('../../run.ts');
      process.exitCode = await runConformance({ ...opts, suite: opts.suite as string[] | undefined });
    });
}
