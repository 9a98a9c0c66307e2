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

/** The target file setting behind each ${target.x} that can be missing, for the skip message. */
const TARGET_SETTING: Record<string, string> = {
  issuer: 'issuer',
  tokenEndpoint: 'endpoints.token',
  jwksUri: 'endpoints.jwks',
  introspectionEndpoint: 'endpoints.introspection',
  revocationEndpoint: 'endpoints.revocation',
  resourceUrl: 'resource.url',
  secondClientId: 'secondClient',
  noGrantClientId: 'noGrantClient',
  privateKeyClientId: 'privateKeyJwt',
  scope: 'scope',
  resourceScope: 'scope',
  insufficientScope: 'resource.insufficientScope',
  scopeCaseVariant: 'scope',
  disallowedScope: 'secondClient.disallowedScope',
  tokenLifetime: 'expect.tokenLifetime',
};

export type Vars = { target: Record<string, unknown>; capture: Record<string, unknown> };

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
  if (v !== undefined) return v;
  // Said in the user's terms, never as template syntax (issue #12: "${target.tokenLifetime} is not defined").
  if (ns === 'target') {
    const setting = TARGET_SETTING[name];
    throw new TemplateError(setting ? `the target sets no ${setting}${enableWith(setting)}` : `the target has no value for ${name}`);
  }
  throw new TemplateError(`an earlier response of this case did not carry the value "${name}" a later request needs`);
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
