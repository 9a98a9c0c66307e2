// `idp-conformance api`: conformance of the user's API (the resource server). The implementation (src/api/run.ts)
// is loaded only here.
import { Command } from 'commander';
import { collect } from '../program.ts';

export function apiCommand(): Command {
  return new Command('api')
    .description('check that your API (a resource server) accepts valid tokens and refuses bad ones (RFC 6750, RFC 9068 §4, RFC 8725)')
    .usage('--url <url> [options] [-- <command...>]')
    .option('--url <url>', 'a protected endpoint of your API (repeatable)', collect)
    .option('--profile <name>', 'vendor profile of the mock IdP (default generic)')
    .option('--method <method>', 'HTTP method of the requests (default GET)')
    .option('--header <header>', "extra request header 'Name: value' (repeatable)", collect)
    .option('--body <body>', 'request body (with --method)')
    .option('--scope <scope>', 'the scope your endpoint requires: valid tokens carry it (IDP_SCOPE)', 'read')
    .option(
      '--token-format <format>',
      'jwt (default): JWT cases; opaque: opaque-token cases, which your API validates by introspection (IDP_INTROSPECTION_URL); both',
    )
    .option('--mock-port <n>', 'port of the mock IdP, for an API already configured to trust it (default: any free port)')
    .option('--wait <seconds>', 'how long to wait for --url to answer (default 30)')
    .option('--report-dir <dir>', 'where compliance.json and the reports go', 'reports')
    .option('--sarif', 'also write results.sarif')
    .option('--policy <file>', 'gate the result with this policy, as `idp-conformance gate` does (exit code from the gate)')
    .argument(
      '[command...]',
      'your API, started with IDP_ISSUER, IDP_JWKS_URI, IDP_AUDIENCE, IDP_SCOPE (and IDP_INTROSPECTION_URL, IDP_CLIENT_ID, IDP_CLIENT_SECRET) in its environment',
    )
    .action(async (command: string[], opts: Record<string, unknown>) => {
      const { runApiConformance } = await import('../../api/run.ts');
      process.exitCode = await runApiConformance({ ...opts, command });
    });
}
