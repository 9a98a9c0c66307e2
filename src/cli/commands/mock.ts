// `idp-conformance mock`: start the mock IdP, print its issuer and a ready-to-paste token request.
import { Command, InvalidArgumentError } from 'commander';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return n;
}

export function mockCommand(): Command {
  return new Command('mock')
    .description('start the mock identity provider')
    .option('-c, --config <file>', 'mock configuration (YAML)')
    .option('-p, --port <n>', 'port to listen on (0 = any free port)', port, 9400)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--issuer <url>', 'issuer identifier to advertise (default http://HOST:PORT)')
    .option('--clock-offset <seconds>', 'start the mock clock this many seconds away from real time', Number)
    .action(async (opts: { config?: string; port: number; host: string; issuer?: string; clockOffset?: number }) => {
      const { startMockIdp } = await import('../../../mock-idp/index.ts');
      const idp = await startMockIdp({ config: opts.config, port: opts.port, host: opts.host, issuer: opts.issuer, clockOffset: opts.clockOffset });
      const c = idp.context.clients.list().find((cl) => cl.secrets.length && cl.grants.includes('client_credentials'));
      process.stdout.write(`idp-conformance mock IdP ready\nissuer: ${idp.issuer}\n`);
      process.stdout.write(`metadata: ${idp.url('/.well-known/oauth-authorization-server')}\n`);
      const example = c ? `-u '${c.id}:<secret>'` : `-u '<client_id>:<secret>'`;
      process.stdout.write(`try: curl -s ${example} -d grant_type=client_credentials ${idp.url(idp.context.settings.paths.token)}\n`);
      const stop = () => {
        void idp.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
