// ${target.x}, ${capture.x} and ${random:N} in suite strings. Unknown names are errors, never empty strings.
import { randomBytes } from 'node:crypto';
import { tamperSignature } from './client-auth.ts';
import { wellKnownUrls } from './well-known.ts';
import type { ResolvedTarget } from './types.ts';

export class TemplateError extends Error {
  readonly code = 'ERR_TEMPLATE';
}

/**
 * " — add resource.url to the target file": the setting that would enable a skipped check, at the end of its skip
 * message (the console groups the skips by message, so this reads as the fix: "18 skipped: … — add resource.url …").
 */
export function enableWith(value: string, key?: string): string {
  return key ? ` — add ${value} to ${key} in the target file` : ` — add ${value} to the target file`;
}

export type Vars = {
  target: Record<string, unknown>;
  capture: Record<string, unknown>;
  /** Captures an earlier response did not have: name → where it was to be read (for the skip reason). */
  uncaptured?: Record<string, { from: string; status: number }>;
};

/**
 * What a ${target.x} stands for and the target-file setting that provides it: a skip reason says this in plain
 * words (issue #12: "${target.tokenLifetime} is not defined" told the user nothing).
 */
const TARGET_SETTINGS: Record<string, { what: string; add: string }> = {
  issuer: { what: "the target's issuer", add: 'add issuer (or discovery) to the target file' },
  tokenEndpoint: { what: 'a token endpoint', add: 'add endpoints.token, or an issuer whose metadata has token_endpoint' },
  origin: { what: "the target's origin", add: 'add issuer or endpoints.token to the target file' },
  jwksUri: { what: 'a JWKS URL', add: 'add endpoints.jwks, or an issuer whose metadata has jwks_uri' },
  introspectionEndpoint: { what: 'an introspection endpoint', add: 'add endpoints.introspection to the target file' },
  revocationEndpoint: { what: 'a revocation endpoint', add: 'add endpoints.revocation to the target file' },
  resourceUrl: { what: 'a protected resource URL', add: 'add resource.url to the target file' },
  rfc8414Url: { what: 'the RFC 8414 metadata URL', add: 'add issuer (or discovery) to the target file' },
  oidcUrl: { what: 'the OpenID discovery URL', add: 'add issuer (or discovery) to the target file' },
  secondClientId: { what: 'a second client', add: 'add secondClient (id and secret) to the target file' },
  noGrantClientId: { what: 'a client without the client_credentials grant', add: 'add noGrantClient to the target file' },
  privateKeyClientId: { what: 'a private_key_jwt client', add: 'add privateKeyJwt (clientId and privateKey) to the target file' },
  scope: { what: 'the scope to request', add: 'add scope to the target file' },
  scopeCaseVariant: { what: 'the scope to request', add: 'add scope to the target file' },
  resourceScope: { what: 'the scope the resource requires', add: 'add resource.scope (or scope) to the target file' },
  insufficientScope: { what: 'a scope that does not grant the resource', add: 'add resource.insufficientScope to the target file' },
  disallowedScope: { what: 'a scope the second client may not have', add: 'add secondClient.disallowedScope to the target file' },
  tokenLifetime: { what: 'the expected token lifetime', add: 'add expect.tokenLifetime (seconds) to the target file' },
  maxTokenLifetime: { what: 'the longest acceptable token lifetime', add: 'add expect.maxTokenLifetime (seconds) to the target file' },
  unknownScope: { what: 'a scope the target does not know', add: 'add unknownScope to the target file' },
};

/** The skip reason for a ${target.x} or ${capture.x} with no value: what is missing and what would provide it. */
function missingValue(vars: Vars, ns: string, name: string): string {
  if (ns === 'target') {
    const s = TARGET_SETTINGS[name];
    return s
      ? `needs ${s.what} (target.${name}), which this target does not give: ${s.add}`
      : `needs target.${name}, which this target does not give`;
  }
  const from = vars.uncaptured?.[name];
  return from
    ? `needs a value from an earlier response (capture.${name}: ${from.from}), which that response (HTTP ${from.status}) did not contain`
    : `needs a value from an earlier request of this case (capture.${name}), which was not captured`;
}

export function targetVars(
  t: ResolvedTarget,
  clientIds: { primary: string; second?: string; noGrant?: string; privateKey?: string },
): Record<string, unknown> {
  return {
    issuer: t.issuer,
    profile: t.profile,
    tokenEndpoint: t.endpoints.token,
    origin: new URL(t.endpoints.token ?? t.issuer ?? t.discovery!).origin,
    jwksUri: t.endpoints.jwks,
    introspectionEndpoint: t.endpoints.introspection,
    revocationEndpoint: t.endpoints.revocation,
    resourceUrl: t.endpoints.resource,
    rfc8414Url: t.discoveryUrls.rfc8414 ?? (t.issuer ? wellKnownUrls(t.issuer).rfc8414 : undefined),
    oidcUrl: t.discoveryUrls.oidc ?? (t.issuer ? wellKnownUrls(t.issuer).oidc : undefined),
    clientId: clientIds.primary,
    secondClientId: clientIds.second,
    noGrantClientId: clientIds.noGrant,
    privateKeyClientId: clientIds.privateKey,
    scope: t.scope,
    resourceScope: t.resource?.scope ?? t.scope,
    insufficientScope: t.resource?.insufficientScope,
    unknownScope: t.unknownScope ?? 'NOT_A_SCOPE',
    // The requested scope in another letter case ("read" → "READ"): a different token (RFC 6749 §3.3).
    scopeCaseVariant: t.scope ? swapCase(t.scope.split(' ')[0]!) : undefined,
    disallowedScope: t.secondClient?.disallowedScope,
    tokenLifetime: t.expect?.tokenLifetime,
    maxTokenLifetime: t.expect?.maxTokenLifetime ?? 3600,
  };
}

const ONE = /^\$\{(target|capture)\.([A-Za-z0-9_]+)\}$/;
const ANY = /\$\{random:(\d*)\}|\$\{(target|capture|tampered)\.([A-Za-z0-9_]+)\}/g;

function lookup(vars: Vars, ns: string, name: string): unknown {
  const v = ns === 'target' ? vars.target[name] : vars.capture[name];
  if (v === undefined) throw new TemplateError(missingValue(vars, ns, name));
  return v;
}

/** Expand a string; a string that is exactly one ${...} keeps the value's JSON type (numbers, arrays). */
export function expandValue(text: string, vars: Vars): unknown {
  const one = ONE.exec(text);
  if (one) return lookup(vars, one[1]!, one[2]!);
  return expand(text, vars);
}

export function expand(text: string, vars: Vars): string {
  return text.replace(ANY, (_whole, len: string | undefined, ns: string | undefined, name: string | undefined) => {
    if (ns === undefined) {
      const n = Number(len) || 32;
      return randomBytes(Math.ceil(n / 2))
        .toString('hex')
        .slice(0, n);
    }
    // ${tampered.x}: capture x with one signature character flipped (RFC 6750 §3.1 invalid_token).
    const v = lookup(vars, ns === 'tampered' ? 'capture' : ns, name!);
    if (ns === 'tampered') return tamperSignature(String(v));
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Expand every string inside a matcher or assertion object. */
export function expandDeep<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return expandValue(value, vars) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => expandDeep(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, vars)])) as T;
  }
  return value;
}

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}
