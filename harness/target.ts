// Targets: load the YAML file, resolve ${env:NAME}/${file:path} references (only where requests are sent), and
// discover endpoints and capabilities once, before any test runs (RFC 8414 §3.1, OIDC Discovery §4).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { JWK } from 'jose';
import targetSchema from '../schemas/target.schema.json' with { type: 'json' };
import { loadYamlFile } from '../lib/yaml-file.ts';
import { InputError } from '../lib/errors.ts';
import { DEFAULT_LIMITS, send, TransportError, type HttpLimits, type HttpResponse } from './http.ts';
import { preflightMetadata, preflightToken, requestToken, type TokenRequest } from './preflight.ts';
import { isLoopbackHost } from '../lib/loopback.ts';
import type { Capability, ResolvedTarget, TargetSpec } from './types.ts';
import { wellKnownUrls } from './well-known.ts';

export { wellKnownUrls };

export function loadTarget(file: string): { spec: TargetSpec; baseDir: string } {
  const { data } = loadYamlFile<TargetSpec>(file, targetSchema);
  return { spec: data, baseDir: dirname(resolve(file)) };
}

/** `${env:NAME}` → the variable, `${file:path}` → the file's text; anything else is a literal. */
export function resolveRef(value: string, baseDir: string, what: string): string {
  const m = /^\$\{(env|file):([^}]+)\}$/.exec(value);
  if (!m) return value;
  if (m[1] === 'env') {
    const v = process.env[m[2]!];
    if (v === undefined || v === '') throw new InputError(`${what}: environment variable ${m[2]} is not set`);
    return v;
  }
  try {
    return readFileSync(resolve(baseDir, m[2]!), 'utf8');
  } catch (err) {
    throw new InputError(`${what}: cannot read ${m[2]}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export interface Credentials {
  primary: { id: string; secret: string };
  second?: { id: string; secret: string };
  noGrant?: { id: string; secret: string };
  privateKey?: { clientId: string; jwk: JWK; alg: string; kid?: string };
}

export function resolveCredentials(t: TargetSpec, baseDir: string): Credentials {
  const pair = (c: { id: string; secret?: string }, what: string) => ({
    id: resolveRef(c.id, baseDir, `${what}.id`),
    secret: c.secret ? resolveRef(c.secret, baseDir, `${what}.secret`) : '',
  });
  const creds: Credentials = { primary: pair(t.client, 'client') };
  if (t.secondClient) creds.second = pair(t.secondClient, 'secondClient');
  if (t.noGrantClient) creds.noGrant = pair(t.noGrantClient, 'noGrantClient');
  if (t.privateKeyJwt) {
    const text = resolveRef(t.privateKeyJwt.privateKey, baseDir, 'privateKeyJwt.privateKey');
    let jwk: JWK;
    try {
      jwk = JSON.parse(text) as JWK;
    } catch {
      throw new InputError('privateKeyJwt.privateKey: not a JSON Web Key');
    }
    const alg = t.privateKeyJwt.alg ?? jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
    const kid = t.privateKeyJwt.kid ?? jwk.kid;
    creds.privateKey = {
      clientId: resolveRef(t.privateKeyJwt.clientId, baseDir, 'privateKeyJwt.clientId'),
      jwk,
      alg,
      ...(kid ? { kid } : {}),
    };
  }
  return creds;
}

/**
 * The request limits for a target: its own `limits`, else the defaults — except the request rate, which is
 * unlimited by default for a loopback target (a local mock has no rate limit to respect, and pacing it only makes
 * the run slow: token-uniqueness waited 20 s at 10 requests/s).
 */
export function limitsOf(t: TargetSpec & { endpoints?: { token?: string } }): HttpLimits {
  const url = t.endpoints?.token ?? t.issuer ?? t.discovery;
  let loopback: boolean;
  try {
    loopback = url !== undefined && isLoopbackHost(new URL(url).hostname);
  } catch {
    loopback = false;
  }
  return { ...DEFAULT_LIMITS, ...(loopback ? { ratePerSecond: 0 } : {}), ...t.limits };
}

export interface DiscoverOptions {
  /** Judge the metadata and the first token request, and stop with CannotTestError when they fail (harness/preflight.ts). */
  preflight?: boolean;
}

/**
 * Fetch metadata, fill in endpoints, and work out what the target can be tested for. Throws TransportError when
 * the target cannot be reached at all, CannotTestError when it is no OAuth server or (pre-flight) refuses the
 * client (exit 3). Metadata without token_endpoint is the IdP's failure (RFC 8414 §2), for the metadata suite to
 * report: the target then lacks the `token` capability and every case that needs a token is skipped.
 */
export async function discoverTarget(spec: TargetSpec, baseDir: string, options: DiscoverOptions = {}): Promise<ResolvedTarget> {
  const limits = limitsOf(spec);
  const discoveryUrls: ResolvedTarget['discoveryUrls'] = {};
  let metadata: Record<string, unknown> | undefined;
  const tried: { url: string; res?: HttpResponse }[] = [];
  if (spec.discovery) {
    const got = await fetchMetadata(spec.discovery, limits);
    tried.push(got);
    if (got.doc) metadata = got.doc;
    if (spec.discovery.includes('/.well-known/oauth-authorization-server')) discoveryUrls.rfc8414 = spec.discovery;
    else discoveryUrls.oidc = spec.discovery;
    if (options.preflight) preflightMetadata(spec.discovery, got.res);
  }
  const issuer = spec.issuer ?? (typeof metadata?.issuer === 'string' ? metadata.issuer : undefined);
  if (issuer && !spec.discovery) {
    const urls = wellKnownUrls(issuer);
    for (const kind of ['rfc8414', 'oidc'] as const) {
      const got = await fetchMetadata(urls[kind], limits);
      tried.push(got);
      if (got.doc) {
        discoveryUrls[kind] = urls[kind];
        metadata ??= got.doc;
      }
    }
  }
  const str = (k: string) => (typeof metadata?.[k] === 'string' ? resolveUrl(metadata[k], issuer) : undefined);
  const endpoints = {
    token: spec.endpoints?.token ?? str('token_endpoint'),
    jwks: spec.endpoints?.jwks ?? str('jwks_uri'),
    introspection: spec.endpoints?.introspection ?? str('introspection_endpoint'),
    revocation: spec.endpoints?.revocation ?? str('revocation_endpoint'),
    resource: spec.resource?.url,
  };
  if (!endpoints.token && !metadata) {
    if (!tried.length) throw new InputError('target: no token endpoint (give endpoints.token, or an issuer/discovery URL)');
    // Nothing answered metadata where the target said it would be: not an OAuth server (or the wrong URL).
    const last = tried[tried.length - 1]!;
    preflightMetadata(last.url, last.res);
  }
  if (endpoints.token) {
    const tokenUrl = new URL(endpoints.token);
    if (tokenUrl.protocol === 'http:' && !spec.allowHttp && !isLoopbackHost(tokenUrl.hostname))
      throw new InputError(
        `target: refusing to send client credentials over plain http to ${tokenUrl.origin} (RFC 6749 §2.3.1 requires TLS; set allowHttp: true for a test server)`,
      );
  }
  const clean = Object.fromEntries(Object.entries(endpoints).filter(([, v]) => v !== undefined)) as ResolvedTarget['endpoints'];
  const creds = resolveCredentials(spec, baseDir);
  const authMethods = spec.client.authMethods ?? (spec.client.authMethod ? [spec.client.authMethod] : advertisedSecretMethods(metadata));
  const caps = new Set<Capability>();
  if (clean.token) {
    caps.add('token');
    const explicit = spec.expect?.accessTokenFormat && spec.expect.accessTokenFormat !== 'auto' ? spec.expect.accessTokenFormat : undefined;
    let format = explicit;
    if (!explicit || options.preflight) {
      // One token request: the pre-flight judges it, and it tells JWT (RFC 9068) from opaque access tokens.
      const request: TokenRequest = {
        url: clean.token,
        client: creds.primary,
        secretRef: spec.client.secret,
        method: authMethods[0] ?? 'client_secret_basic',
        scope: spec.scope,
        limits,
      };
      const res = await requestToken(request);
      if (options.preflight) await preflightToken(request, res);
      format ??= tokenFormat(res);
    }
    caps.add(format === 'jwt' ? 'jwt' : 'opaque');
  }
  if (metadata) caps.add('discovery');
  if (clean.jwks) caps.add('jwks');
  if (clean.introspection) caps.add('introspection');
  if (clean.revocation) caps.add('revocation');
  if (clean.resource) caps.add('resource');
  if (clean.resource && spec.resource?.insufficientScope) caps.add('insufficientScope');
  if (spec.secondClient) caps.add('secondClient');
  if (spec.secondClient?.disallowedScope) caps.add('disallowedScope');
  if (spec.noGrantClient) caps.add('noGrantClient');
  if (spec.privateKeyJwt) caps.add('privateKey');
  if (authMethods.includes('client_secret_basic')) caps.add('clientSecretBasic');
  if (authMethods.includes('client_secret_post')) caps.add('clientSecretPost');
  if ((clean.token ?? issuer ?? '').startsWith('https:')) caps.add('https');
  return {
    ...spec,
    client: { ...spec.client, authMethods },
    name: spec.name ?? issuer ?? clean.token ?? spec.discovery ?? 'target',
    profile: spec.profile ?? 'generic',
    baseDir,
    ...(issuer ? { issuer } : {}),
    endpoints: clean,
    discoveryUrls,
    ...(metadata ? { metadata } : {}),
    capabilities: [...caps].sort(),
  };
}

function resolveUrl(value: string, issuer: string | undefined): string {
  try {
    return new URL(value, issuer).href;
  } catch {
    return value;
  }
}

/** RFC 8414 §2: absent token_endpoint_auth_methods_supported means client_secret_basic. */
function advertisedSecretMethods(metadata: Record<string, unknown> | undefined): string[] {
  const listed = metadata?.token_endpoint_auth_methods_supported;
  if (!Array.isArray(listed)) return ['client_secret_basic'];
  const methods = listed.filter((m) => m === 'client_secret_basic' || m === 'client_secret_post') as string[];
  return methods.length ? methods : ['client_secret_basic'];
}

async function fetchMetadata(url: string, limits: HttpLimits): Promise<{ url: string; res?: HttpResponse; doc?: Record<string, unknown> }> {
  try {
    const res = await send({ method: 'GET', url, headers: { accept: 'application/json' } }, limits);
    const ok = res.status === 200 && res.json && typeof res.json === 'object' && !Array.isArray(res.json);
    return ok ? { url, res, doc: res.json as Record<string, unknown> } : { url, res };
  } catch (err) {
    if (err instanceof TransportError && err.code !== 'ERR_TOO_LARGE') throw err;
    return { url };
  }
}

/** Whether the access token of a token response is a JWT (RFC 9068) or opaque. */
function tokenFormat(res: HttpResponse): 'jwt' | 'opaque' {
  const at = (res.json as { access_token?: unknown } | undefined)?.access_token;
  return typeof at === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(at) ? 'jwt' : 'opaque';
}
