// `idp-conformance run` with no target: start the mock IdP with fixtures/mock-idp.yaml and describe it as a
// target. Secrets are handed to the Playwright workers through environment variables, never argv or files.
import { join } from 'node:path';
import { loadYamlFile } from '../lib/yaml-file.ts';
import type { TargetSpec } from './types.ts';

/** The fixture clients the shipped suites use (fixtures/mock-idp.yaml). */
const CLIENTS = { primary: 'harness-client', second: 'harness-client-2', noGrant: 'harness-no-grant', privateKey: 'harness-pkjwt' };
const ENV = { primary: 'IDP_CONFORMANCE_MOCK_SECRET', second: 'IDP_CONFORMANCE_MOCK_SECRET_2', noGrant: 'IDP_CONFORMANCE_MOCK_SECRET_NO_GRANT' };

/**
 * What differs in the target description per vendor profile (vendor-behaviour.md Part B): ServiceNow publishes
 * no metadata, so its endpoints are given; AVEVA and ServiceNow clients authenticate in the body.
 */
const PROFILE_TARGET: Record<string, (url: (path: string) => string) => Partial<TargetSpec>> = {
  servicenow: (url) => ({ endpoints: { token: url('/oauth_token.do'), jwks: url('/api/now/oauth/jwks') }, expect: { tokenLifetime: 1800 } }),
  'aveva-connect': () => ({ expect: { tokenLifetime: 3600 } }),
};
const BODY_AUTH_PROFILES = new Set(['servicenow', 'aveva-connect']);

/** vendor-behaviour.md B.2 profile block: an OIC instance's primary audience, the token aud for its scopes. */
const OIC_PRIMARY_AUDIENCE = 'https://0A1B2C3D4E5F60718293A4B5C6D7E8F9.integration.us-ashburn-1.ocp.oraclecloud.com:443';
const OIC_SCOPE = 'urn:opc:resource:consumer::all';

type FixtureClient = Record<string, unknown> & { id: string; scopes?: string[] };
/**
 * What a vendor profile needs of the fixture beyond the generic clients: Oracle Integration's primary client is
 * an activated confidential app granted <primary audience>consumer::all with the ServiceInvoker role (B.2 setup).
 */
const PROFILE_CONFIG: Record<string, (config: { clients?: FixtureClient[]; resource?: Record<string, unknown> }) => void> = {
  'oracle-integration': (config) => {
    config.resource = { ...config.resource, audience: OIC_PRIMARY_AUDIENCE };
    config.clients = config.clients?.map((c) =>
      c.id === CLIENTS.primary
        ? { ...c, scopes: [...(c.scopes ?? []), OIC_SCOPE], audience: OIC_PRIMARY_AUDIENCE, roles: ['ServiceInvoker'] }
        : // The private_key_jwt client asks for the same fully-qualified scope (the target has one scope).
          c.id === CLIENTS.privateKey
          ? { ...c, scopes: [...(c.scopes ?? []), OIC_SCOPE], audience: OIC_PRIMARY_AUDIENCE }
          : c,
    );
  },
};
/** The target's scope per profile (the token request's scope parameter). */
const PROFILE_SCOPE: Record<string, string> = { 'oracle-integration': `${OIC_PRIMARY_AUDIENCE}${OIC_SCOPE}` };

export interface EmbeddedMock {
  target: TargetSpec;
  baseDir: string;
  /** Environment to give the child process (client secrets by variable name). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmbeddedMock(repoRoot: string, profile: string): Promise<EmbeddedMock> {
  const configFile = join(repoRoot, 'fixtures', 'mock-idp.yaml');
  const { data } = loadYamlFile<{ clients?: { id: string; secret?: string }[]; tokens?: unknown }>(configFile);
  const secretOf = (id: string) => data.clients?.find((c) => c.id === id)?.secret ?? '';
  const { startMockIdp } = await import('../mock-idp/index.ts');
  const options: NonNullable<Parameters<typeof startMockIdp>[0]> = { config: configFile, port: 0 };
  if (profile !== 'generic') {
    // The fixture's token settings are the generic ones; a vendor profile's documented lifetime and format
    // (e.g. ServiceNow's 1800 s opaque tokens) must not be overridden by them.
    const { tokens: _generic, ...rest } = data as Record<string, unknown> & { clients?: Record<string, unknown>[]; keys?: Record<string, unknown>[] };
    // A config object resolves files from the working directory: make the fixture's relative paths absolute.
    const abs = (o: Record<string, unknown>, key: string) => (typeof o[key] === 'string' ? { ...o, [key]: join(repoRoot, 'fixtures', o[key] as string) } : o);
    if (rest.clients) rest.clients = rest.clients.map((c) => abs(c, 'jwksFile'));
    if (rest.keys) rest.keys = rest.keys.map((k) => abs(k, 'file'));
    PROFILE_CONFIG[profile]?.(rest as Parameters<(typeof PROFILE_CONFIG)[string]>[0]);
    options.config = rest as typeof options.config;
    options.profile = profile;
  }
  const mock = await startMockIdp(options);
  const env = { [ENV.primary]: secretOf(CLIENTS.primary), [ENV.second]: secretOf(CLIENTS.second), [ENV.noGrant]: secretOf(CLIENTS.noGrant) };
  const target: TargetSpec = {
    name: `embedded mock (${profile})`,
    profile,
    issuer: mock.issuer,
    allowHttp: true,
    client: {
      id: CLIENTS.primary,
      secret: `\${env:${ENV.primary}}`,
      authMethods: BODY_AUTH_PROFILES.has(profile) ? ['client_secret_post'] : ['client_secret_basic', 'client_secret_post'],
    },
    secondClient: { id: CLIENTS.second, secret: `\${env:${ENV.second}}`, disallowedScope: 'write' },
    noGrantClient: { id: CLIENTS.noGrant, secret: `\${env:${ENV.noGrant}}` },
    // Only where the profile accepts private_key_jwt (AVEVA does not): a target without it skips RFC 7523.
    ...(mock.context.profile.clientAuth.methods.includes('private_key_jwt')
      ? { privateKeyJwt: { clientId: CLIENTS.privateKey, privateKey: '${file:keys/harness-pkjwt.private.jwk.json}' } }
      : {}),
    scope: PROFILE_SCOPE[profile] ?? 'read',
    // The sample resource and the documented lifetime come from the profile in force.
    resource: { url: mock.context.resourceUrl(), scope: mock.context.settings.resource.requiredScope ?? 'read', insufficientScope: 'write' },
    expect: { tokenLifetime: mock.context.profile.lifecycle.tokenLifetime.default },
    // A local mock needs no pacing.
    limits: { ratePerSecond: 0 },
    ...PROFILE_TARGET[profile]?.((path) => mock.url(path)),
  };
  return { target, baseDir: join(repoRoot, 'fixtures'), env, close: () => mock.close() };
}
