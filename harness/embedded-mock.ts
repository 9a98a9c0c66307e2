// `idp-conformance run` with no target: start the mock IdP with fixtures/mock-idp.yaml and describe it as a
// target. Secrets are handed to the Playwright workers through environment variables, never argv or files.
import { join } from 'node:path';
import { loadYamlFile } from '../lib/yaml-file.ts';
import type { ProfileClient } from '../mock-idp/profile.ts';
import type { TargetSpec } from './types.ts';

/** The fixture clients the shipped suites use (fixtures/mock-idp.yaml). */
const CLIENTS = { primary: 'harness-client', second: 'harness-client-2', noGrant: 'harness-no-grant', privateKey: 'harness-pkjwt' };
const ENV = {
  primary: 'IDP_CONFORMANCE_MOCK_SECRET',
  second: 'IDP_CONFORMANCE_MOCK_SECRET_2',
  noGrant: 'IDP_CONFORMANCE_MOCK_SECRET_NO_GRANT',
};

type FixtureClient = Record<string, unknown> & { id: string; scopes?: string[] };
type FixtureConfig = { clients?: FixtureClient[]; resource?: Record<string, unknown> };

/**
 * The profile's documented client set-up (profile `client`, e.g. Oracle Integration's activated confidential
 * app): the primary and private_key_jwt clients are granted its scope for its audience, the primary its roles.
 */
function documentedSetup(config: FixtureConfig, client: ProfileClient): void {
  if (client.audience) config.resource = { ...config.resource, audience: client.audience };
  config.clients = config.clients?.map((c) => {
    if (c.id !== CLIENTS.primary && c.id !== CLIENTS.privateKey) return c;
    const granted = {
      ...c,
      ...(client.scope ? { scopes: [...(c.scopes ?? []), client.scope] } : {}),
      ...(client.audience ? { audience: client.audience } : {}),
    };
    return c.id === CLIENTS.primary && client.roles ? { ...granted, roles: client.roles } : granted;
  });
}

export interface EmbeddedMock {
  target: TargetSpec;
  baseDir: string;
  /** Environment to give the child process (client secrets by variable name). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * `quirks`: named quirks of the profile to switch on (`run --quirk`), e.g. to meet the waivers of its policy.
 * `tls`: serve over HTTPS with this certificate (`run --tls`, the mutation runner); the process and the Playwright
 * workers must trust its CA (src/tls-trust.ts).
 */
export async function startEmbeddedMock(
  repoRoot: string,
  profile: string,
  quirks: string[] = [],
  tls?: { cert: string; key: string; ca?: string },
): Promise<EmbeddedMock> {
  const configFile = join(repoRoot, 'fixtures', 'mock-idp.yaml');
  const { data } = loadYamlFile<{ clients?: { id: string; secret?: string }[]; tokens?: unknown }>(configFile);
  const secretOf = (id: string) => data.clients?.find((c) => c.id === id)?.secret ?? '';
  const [{ startMockIdp }, { loadProfile }] = await Promise.all([import('../mock-idp/index.ts'), import('../mock-idp/profile.ts')]);
  const documented = loadProfile(profile).client;
  const options: NonNullable<Parameters<typeof startMockIdp>[0]> = { config: configFile, port: 0 };
  if (profile !== 'generic') {
    // The fixture's token settings are the generic ones; a vendor profile's documented lifetime and format
    // (e.g. ServiceNow's 1800 s opaque tokens) must not be overridden by them.
    const { tokens: _generic, ...rest } = data as Record<string, unknown> & {
      clients?: Record<string, unknown>[];
      keys?: Record<string, unknown>[];
    };
    // A config object resolves files from the working directory: make the fixture's relative paths absolute.
    const abs = (o: Record<string, unknown>, key: string) =>
      typeof o[key] === 'string' ? { ...o, [key]: join(repoRoot, 'fixtures', o[key]) } : o;
    if (rest.clients) rest.clients = rest.clients.map((c) => abs(c, 'jwksFile'));
    if (rest.keys) rest.keys = rest.keys.map((k) => abs(k, 'file'));
    documentedSetup(rest as FixtureConfig, documented);
    options.config = rest as typeof options.config;
    options.profile = profile;
  }
  if (quirks.length) options.quirks = quirks;
  if (tls) options.tls = tls;
  const mock = await startMockIdp(options);
  const env = {
    [ENV.primary]: secretOf(CLIENTS.primary),
    [ENV.second]: secretOf(CLIENTS.second),
    [ENV.noGrant]: secretOf(CLIENTS.noGrant),
  };
  const target: TargetSpec = {
    name: `embedded mock (${[profile, ...quirks].join(' + ')})`,
    profile,
    issuer: mock.issuer,
    allowHttp: true,
    client: {
      id: CLIENTS.primary,
      secret: `\${env:${ENV.primary}}`,
      authMethods: documented.authMethods ?? ['client_secret_basic', 'client_secret_post'],
    },
    secondClient: { id: CLIENTS.second, secret: `\${env:${ENV.second}}`, disallowedScope: 'write' },
    noGrantClient: { id: CLIENTS.noGrant, secret: `\${env:${ENV.noGrant}}` },
    // Only where the profile accepts private_key_jwt (AVEVA does not): a target without it skips RFC 7523.
    ...(mock.context.profile.clientAuth.methods.includes('private_key_jwt')
      ? { privateKeyJwt: { clientId: CLIENTS.privateKey, privateKey: '${file:keys/harness-pkjwt.private.jwk.json}' } }
      : {}),
    // Fully-qualified scopes (Oracle) are requested as audience + scope.
    scope: documented.scope
      ? `${mock.context.profile.scopes.fullyQualified ? (documented.audience ?? '') : ''}${documented.scope}`
      : 'read',
    // The sample resource and the documented lifetime come from the profile in force.
    resource: {
      url: mock.context.resourceUrl(),
      scope: mock.context.settings.resource.requiredScope ?? 'read',
      insufficientScope: 'write',
    },
    expect: { tokenLifetime: mock.context.profile.lifecycle.tokenLifetime.default },
    // A local mock needs no pacing.
    limits: { ratePerSecond: 0 },
    // Endpoints the vendor documents no discovery for are given, as a user of that vendor would.
    ...(documented.endpoints
      ? { endpoints: Object.fromEntries(documented.endpoints.map((e) => [e, mock.url(mock.context.settings.paths[e]!)])) }
      : {}),
  };
  return { target, baseDir: join(repoRoot, 'fixtures'), env, close: () => mock.close() };
}
