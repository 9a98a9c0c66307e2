// RFC 6749 §5.1 `scope`: "OPTIONAL, if identical to the scope requested by the client; otherwise, REQUIRED"
// (and §3.3: the server "MUST include the "scope" response parameter to inform the client of the actual scope
// granted"). Whatever the request was — none (the server's default), down-scoped, widened, or with a value the
// server does not put in the token (Oracle's `urn:opc:resource:expiry=N`) — the granted scope is read from what
// the target shows: the JWT's `scope` / `scp` claim and the introspection answer. When any of them differs from
// the request, the token response must carry `scope`. Nothing visible (an opaque token, no introspection): skip.
import { decodeJwt } from 'jose';
import { selectOne } from '../json-path.ts';
import type { HttpRequest } from '../http.ts';
import type { AssertionKind } from './types.ts';

/** The scope parameter the request sent (form body, else query), as a set of scope tokens; none = empty. */
function requestedScope(req: HttpRequest): string[] {
  const form = req.body !== undefined && !/json/i.test(req.headers?.['content-type'] ?? '') ? req.body : new URL(req.url).search.slice(1);
  return tokens(new URLSearchParams(form).get('scope') ?? '');
}

function tokens(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))];
}

function audiences(aud: unknown): string[] {
  return (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string' && a !== '');
}

interface Granted {
  source: string;
  scope: string[];
  aud: string[];
}

function fromJwt(accessToken: unknown): Granted | undefined {
  if (typeof accessToken !== 'string' || accessToken.split('.').length !== 3) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return undefined;
  }
  const aud = audiences(claims.aud);
  if (typeof claims.scope === 'string') return { source: 'the JWT scope claim', scope: tokens(claims.scope), aud };
  // scp: an array of scope values in several IdPs (Okta, Azure uses a string).
  if (Array.isArray(claims.scp)) return { source: 'the JWT scp claim', scope: tokens(claims.scp.map(String).join(' ')), aud };
  if (typeof claims.scp === 'string') return { source: 'the JWT scp claim', scope: tokens(claims.scp), aud };
  return undefined;
}

function fromIntrospection(body: unknown): Granted | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (b.active !== true || typeof b.scope !== 'string') return undefined;
  return { source: 'the introspection scope', scope: tokens(b.scope), aud: audiences(b.aud) };
}

/**
 * The same grant: every requested token is granted and nothing else. A requested token may name a granted value
 * prefixed with one of the token's audiences (a fully-qualified scope, audience + value with no separator: the
 * token carries the audience in aud and the value in scope — docs/vendor-behaviour.md, Oracle).
 */
function sameGrant(requested: string[], granted: Granted): boolean {
  const matched = new Set<string>();
  for (const r of requested) {
    const g = granted.scope.find((v) => v === r) ?? granted.scope.find((v) => granted.aud.some((a) => r === a + v));
    if (g === undefined) return false;
    matched.add(g);
  }
  return granted.scope.every((v) => matched.has(v));
}

const shown = (scope: string[]) => (scope.length ? `"${scope.join(' ')}"` : 'no scope');

export const scopeEcho: AssertionKind<'scopeEcho'> = {
  evaluate(spec, ctx) {
    const echoed = selectOne(ctx.response.json, '$.scope');
    if (echoed !== undefined) {
      return typeof echoed === 'string'
        ? { ok: true, message: `the response names the granted scope: "${echoed}"`, evidence: { body: { '$.scope': echoed } } }
        : { ok: false, message: `scope is not a string: ${JSON.stringify(echoed)}` };
    }
    const requested = requestedScope(ctx.request);
    const sources = [
      fromJwt(selectOne(ctx.response.json, '$.access_token')),
      spec.introspection === undefined ? undefined : fromIntrospection(ctx.responseOf(spec.introspection)?.json),
    ].filter((g): g is Granted => g !== undefined);
    if (!sources.length)
      return {
        ok: true,
        skip: true,
        message: 'the granted scope is not visible (no scope in the response, no scope claim in the token, no active introspection answer)',
      };
    const differs = sources.find((g) => !sameGrant(requested, g));
    if (differs)
      return {
        ok: false,
        message: `${differs.source} grants ${shown(differs.scope)} but the request asked for ${shown(requested)}, and the response has no scope (RFC 6749 §5.1: REQUIRED when it differs)`,
        evidence: { body: { granted: differs.scope.join(' '), requested: requested.join(' ') } },
      };
    return {
      ok: true,
      message: `granted as requested (${shown(requested)}, per ${sources.map((g) => g.source).join(' and ')}): no scope needed`,
    };
  },
};
