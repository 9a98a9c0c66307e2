// `idp-conformance mock`: start the mock IdP, print its issuer and a ready-to-paste token request.
import { Command, InvalidArgumentError } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../../../lib/errors.ts';
import { DEFAULTS } from '../../../mock-idp/defaults.ts';
import { parseClientFlags } from '../client-flag.ts';
import { tryLine } from '../try-line.ts';

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
    .option(
      '--profile <name>',
      'vendor profile: generic, oci-iam, oracle-integration, aveva-connect, servicenow (README "Vendor profile reference")',
    )
    .option('--strict', "RFC-exact behaviour, keeping the profile's paths and defaults")
    .option(
      '--quirk <name>',
      'switch on a named quirk of the profile (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--fault <name>',
      'switch on a fault on every request of its endpoints (repeatable; docs/faults.md)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--state <file>', 'keep clients, secret hashes, roles, keys, revocations and the clock in this file across restarts')
    .option('--tls', 'serve over HTTPS with a certificate made at start for localhost, 127.0.0.1 and ::1; prints the CA file to trust')
    .option('--tls-cert <file>', 'serve over HTTPS with this PEM certificate chain (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--admin-token-env <name>', 'environment variable holding the admin API bearer token', 'IDP_CONFORMANCE_ADMIN_TOKEN')
    .option(
      '--client <ID:SECRET[:SCOPES]>',
      'add a client (repeatable); scopes comma-separated; a secret with ":" ends with ":"; none at all: mock-client / mock-secret',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--quiet', 'no per-request log line')
    .option('--fresh-keys', 'generate new signing keys instead of the per-user cached ones (README "Instant start")')
    .action(
      async (opts: {
        config?: string;
        port: number;
        host: string;
        issuer?: string;
        clockOffset?: number;
        profile?: string;
        strict?: boolean;
        quirk: string[];
        fault: string[];
        state?: string;
        tls?: boolean;
        tlsCert?: string;
        tlsKey?: string;
        adminTokenEnv: string;
        client: string[];
        quiet?: boolean;
        freshKeys?: boolean;
      }) => {
        const clients = parseClientFlags(opts.client);
        const { startMockIdp } = await import('../../../mock-idp/index.ts');
        const adminToken = process.env[opts.adminTokenEnv] || undefined;
        if (opts.adminTokenEnv !== 'IDP_CONFORMANCE_ADMIN_TOKEN' && adminToken === undefined) {
          throw new InputError(`--admin-token-env: environment variable ${opts.adminTokenEnv} is not set`);
        }
        const { tls, tlsLabels } = await tlsOption(opts);
        const tenantsModule = await import('../../../mock-idp/tenants.ts');
        if (opts.config && tenantsModule.hasTenants(opts.config)) {
          const { refusePerTenantFlags, printTenants } = await import('./mock-tenants.ts');
          refusePerTenantFlags(opts);
          const started = await tenantsModule.startMockTenants({
            config: opts.config,
            port: opts.port,
            host: opts.host,
            tls,
            tlsLabels,
            adminToken,
            // --client, --quiet and --fresh-keys apply to every tenant.
            clients,
            log: !opts.quiet,
            keys: opts.freshKeys ? 'fresh' : undefined,
          });
          const tenantsCa = started.ca ? writeCaFile(started.ca) : undefined;
          printTenants(started, tenantsCa);
          const stopTenants = () => {
            if (tenantsCa) rmSync(dirname(tenantsCa), { recursive: true, force: true });
            void started.close().then(() => process.exit(0));
          };
          process.once('SIGINT', stopTenants);
          process.once('SIGTERM', stopTenants);
          return;
        }
        const idp = await startMockIdp({
          tls,
          tlsLabels,
          config: opts.config,
          port: opts.port,
          host: opts.host,
          issuer: opts.issuer,
          clockOffset: opts.clockOffset,
          profile: opts.profile,
          strict: opts.strict,
          quirks: opts.quirk.length ? opts.quirk : undefined,
          faults: opts.fault.map((name) => ({ name })),
          state: opts.state,
          adminToken,
          clients,
          log: !opts.quiet,
          keys: opts.freshKeys ? 'fresh' : undefined,
        });
        process.stdout.write(`idp-conformance mock IdP ready\nissuer: ${idp.issuer}\n`);
        if (idp.endpoints.metadata) process.stdout.write(`metadata: ${idp.endpoints.metadata}\n`);
        // The admin token itself is never printed.
        if (idp.adminUrl)
          process.stdout.write(
            `admin: ${idp.adminUrl} (${idp.adminTokenRequired ? 'Authorization: Bearer <admin token>' : 'open: loopback only, no admin token'})\n`,
          );
        if (idp.consoleUrl) process.stdout.write(`console: ${idp.consoleUrl}\n`);
        if (opts.state) process.stdout.write(`state: ${opts.state}\n`);
        const caFile = idp.ca ? writeCaFile(idp.ca) : undefined;
        if (caFile) process.stdout.write(`ca: ${caFile} (trust it: NODE_EXTRA_CA_CERTS=${caFile}, curl --cacert ${caFile})\n`);
        else if (opts.tlsCert) process.stdout.write(`tls: certificate ${opts.tlsCert}\n`);
        process.stdout.write(`try: ${tryLine(idp, [...clients, DEFAULTS.client], caFile)}\n`);
        const stop = () => {
          if (caFile) rmSync(dirname(caFile), { recursive: true, force: true });
          void idp.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}

/** --tls, or --tls-cert with --tls-key (read here so an error names the flag). */
async function tlsOption(opts: { tls?: boolean; tlsCert?: string; tlsKey?: string }) {
  if (!opts.tlsCert && !opts.tlsKey) return { tls: opts.tls };
  if (!opts.tlsCert) throw new InputError('--tls-key: needs --tls-cert (the certificate chain it belongs to)');
  if (!opts.tlsKey) throw new InputError('--tls-cert: needs --tls-key (the private key of the certificate)');
  const { readTlsFiles } = await import('../../../mock-idp/tls/index.ts');
  const { files, labels } = readTlsFiles(opts.tlsCert, opts.tlsKey);
  return { tls: files, tlsLabels: labels };
}

/** The generated CA, in a file of its own for clients to trust; removed when the mock stops. */
function writeCaFile(pem: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'idp-conformance-ca-')), 'ca.pem');
  writeFileSync(file, pem);
  return file;
}
