// ${target.x}, ${capture.x} and ${random:N} in suite strings. Unknown names are errors, never empty strings.
import { randomBytes } from 'node:crypto';
import type { ResolvedTarget } from './types.ts';

export class TemplateError extends Error {
  readonly code = 'ERR_TEMPLATE';
}

export type Vars = { target: Record<string, unknown>; capture: Record<string, unknown> };

export function targetVars(t: ResolvedTarget, clientIds: { primary: string; second?: string; noGrant?: string; privateKey?: string }): Record<string, unknown> {
  return {
    issuer: t.issuer,
    profile: t.profile,
    tokenEndpoint: t.endpoints.token,
    jwksUri: t.endpoints.jwks,
    introspectionEndpoint: t.endpoints.introspection,
    revocationEndpoint: t.endpoints.revocation,
    resourceUrl: t.endpoints.resource,
    rfc8414Url: t.discoveryUrls.rfc8414,
    oidcUrl: t.discoveryUrls.oidc,
    clientId: clientIds.primary,
    secondClientId: clientIds.second,
    noGrantClientId: clientIds.noGrant,
    privateKeyClientId: clientIds.privateKey,
    scope: t.scope,
    resourceScope: t.resource?.scope ?? t.scope,
    insufficientScope: t.resource?.insufficientScope,
    unknownScope: t.unknownScope ?? 'NOT_A_SCOPE',
    disallowedScope: t.secondClient?.disallowedScope,
    tokenLifetime: t.expect?.tokenLifetime,
    maxTokenLifetime: t.expect?.maxTokenLifetime ?? 3600,
  };
}

const ONE = /^\$\{(target|capture)\.([A-Za-z0-9_]+)\}$/;
const ANY = /\$\{random:(\d*)\}|\$\{(target|capture)\.([A-Za-z0-9_]+)\}/g;

function lookup(vars: Vars, ns: string, name: string, whole: string): unknown {
  const v = ns === 'target' ? vars.target[name] : vars.capture[name];
  if (v === undefined) throw new TemplateError(`${whole} is not defined for this target`);
  return v;
}

/** Expand a string; a string that is exactly one ${...} keeps the value's JSON type (numbers, arrays). */
export function expandValue(text: string, vars: Vars): unknown {
  const one = ONE.exec(text);
  if (one) return lookup(vars, one[1]!, one[2]!, text);
  return expand(text, vars);
}

export function expand(text: string, vars: Vars): string {
  return text.replace(ANY, (whole, len: string | undefined, ns: string | undefined, name: string | undefined) => {
    if (ns === undefined) {
      const n = Number(len) || 32;
      return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
    }
    const v = lookup(vars, ns, name!, whole);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Expand every string inside a matcher or assertion object. */
export function expandDeep<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return expandValue(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, vars)])) as T;
  }
  return value;
}
