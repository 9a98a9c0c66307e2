// `idp-conformance client`: conformance of the integration's client (the party that gets and uses tokens). The
// implementation (src/client/run.ts) is loaded only here.
import { Command } from 'commander';
import { collect } from '../program.ts';

export function clientCommand(): Command {
  return new Command('client')
    .description(
      'check that your client caches tokens, renews them, backs off and honours Retry-After, and sends its credentials right (RFC 6749, RFC 6750)',
    )
    .usage('[options] -- <command...>')
    .option('--profile <name>', 'vendor profile of the mock IdP (default generic)')
    .option('--scenario <name>', 'a shipped scenario (suites/client/) or a scenario file; repeatable (default: all)', collect)
    .option(
      '--resource-url <url>',
      "your own API: the client's calls to IDP_RESOURCE_URL are forwarded to it (default: the mock's sample resource)",
    )
    .option('--scope <scopes>', 'the scopes the client may request (IDP_SCOPE, space-separated)', 'read')
    .option('--report-dir <dir>', 'where compliance.json and the reports go', 'reports')
    .option('--sarif', 'also write results.sarif')
    .option('--policy <file>', 'gate the result with this policy, as `idp-conformance gate` does (exit code from the gate)')
    .argument(
      '[command...]',
      'your client, started with IDP_ISSUER, IDP_TOKEN_URL, IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_SCOPE, IDP_RESOURCE_URL in its environment',
    )
    .action(async (command: string[], opts: Record<string, unknown>) => {
      const { runClientConformance } = await import('../../client/run.ts');
      process.exitCode = await runClientConformance({ ...opts, command });
    });
}
