// `idp-conformance mock --config FILE` when FILE declares tenants: several issuers on one port, each printed with
// its profile, issuer, metadata, token endpoint and admin URL.
import { InputError } from '../../../lib/errors.ts';
import type { MockTenants } from '../../../mock-idp/tenants.ts';

/** Flags that configure one issuer: with tenants they belong in each tenant's config. */
const PER_TENANT = {
  profile: '--profile',
  issuer: '--issuer',
  state: '--state',
  strict: '--strict',
  clockOffset: '--clock-offset',
} as const;

export function refusePerTenantFlags(opts: Record<string, unknown>): void {
  for (const [key, flag] of Object.entries(PER_TENANT))
    if (opts[key] !== undefined && opts[key] !== false)
      throw new InputError(`${flag}: the config declares tenants: set it in each tenant's config`);
  for (const [key, flag] of [
    ['quirk', '--quirk'],
    ['fault', '--fault'],
  ] as const)
    if ((opts[key] as string[] | undefined)?.length)
      throw new InputError(`${flag}: the config declares tenants: set it in each tenant's config`);
}

export function printTenants(started: MockTenants, caFile: string | undefined): void {
  const lines = [`idp-conformance mock IdP ready: ${started.tenants.length} tenants on port ${started.port}`];
  for (const { path, idp } of started.tenants) {
    const issuer = new URL(idp.issuer);
    lines.push(`tenant ${path} (${idp.context.profile.name}): issuer ${idp.issuer}`);
    if (idp.context.profile.metadata.served)
      lines.push(`  metadata: ${issuer.origin}/.well-known/oauth-authorization-server${issuer.pathname.replace(/\/$/, '')}`);
    lines.push(`  token: ${idp.url(idp.context.settings.paths.token)}`);
    if (idp.adminUrl) lines.push(`  admin: ${idp.adminUrl}`);
  }
  if (caFile) lines.push(`ca: ${caFile} (trust it: NODE_EXTRA_CA_CERTS=${caFile}, curl --cacert ${caFile})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
