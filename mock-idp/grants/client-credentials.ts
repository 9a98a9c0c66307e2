// RFC 6749 §4.4: the client-credentials grant. Scope per §3.3 (omitted → the client's documented default;
// anything not allowed → invalid_scope, never silently granted; profile scope rules in scopes.ts), resource
// per RFC 8707, response per §5.1 (expires_in: the lifetime, or the seconds left of a reused token).
import type { AuthenticatedClient } from '../auth/client-auth.ts';
import type { Client } from '../clients.ts';
import type { MockContext } from '../context.ts';
import { InvalidScope, InvalidTarget, UnauthorizedClient } from '../errors.ts';
import type { Form } from '../http/form.ts';
import { faultFlag } from '../faults/engine.ts';
import { decideScope } from '../scopes.ts';

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(' ');
  if (parts.some((p) => !SCOPE_TOKEN.test(p))) throw new InvalidScope('scope must be space-delimited scope tokens (RFC 6749 §3.3)');
  return [...new Set(parts)];
}

function audienceFor(ctx: MockContext, auth: AuthenticatedClient, resource: string | undefined): string | string[] {
  const allowed = auth.client.audience ?? ctx.defaultAudience();
  if (resource === undefined) return allowed;
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new InvalidTarget('resource must be an absolute URI (RFC 8707 §2)');
  }
  if (url.hash || resource.includes('#')) throw new InvalidTarget('resource must not contain a fragment (RFC 8707 §2)');
  const list = Array.isArray(allowed) ? allowed : [allowed];
  if (!list.includes(resource)) throw new InvalidTarget('the client may not request this resource');
  return resource;
}

/** A profile's extra claims with "{client.id}" / "{client.name}" filled in. */
export function profileClaims(claims: Record<string, unknown>, client: Client): Record<string, unknown> {
  const vars: Record<string, string> = { 'client.id': client.id, 'client.name': client.name ?? client.id };
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [
      k,
      typeof v === 'string' ? v.replace(/\{(client\.\w+)\}/g, (m, n: string) => vars[n] ?? m) : v,
    ]),
  );
}

export async function clientCredentialsGrant(ctx: MockContext, auth: AuthenticatedClient, form: Form): Promise<Record<string, unknown>> {
  const { client } = auth;
  if (!client.grants.includes('client_credentials')) {
    throw new UnauthorizedClient('the client is not allowed to use the client_credentials grant');
  }
  const requested = parseScope(form.get('scope'));
  // The scope-granted-silently fault (faults/catalogue.ts) grants the request as asked.
  const decision =
    requested && faultFlag('grantRequestedScope')
      ? { scope: requested, audiences: [], lifetime: undefined, asRequested: true }
      : decideScope(ctx.profile.scopes, client, requested, ctx.defaultAudience());
  // The scope-widened-silently fault: every scope of the client, presented as if it were the request.
  if (faultFlag('widenScopeSilently')) Object.assign(decision, { scope: client.scopes, asRequested: true });
  const granted = decision.scope;
  const named = decision.audiences;
  const aud = named.length ? (named.length === 1 ? named[0]! : named) : audienceFor(ctx, auth, form.get('resource'));
  const base = client.tokenLifetime ?? ctx.settings.tokens.lifetime;
  // Oracle: the effective lifetime is the shorter of the configured one and the requested one.
  const lifetime = decision.lifetime === undefined ? base : Math.min(base, decision.lifetime);
  const askedAt = ctx.clock.now();
  const { token, record } = await ctx.tokens.issue({
    clientId: client.id,
    scope: granted,
    aud,
    lifetime,
    format: client.tokenFormat ?? ctx.settings.tokens.format,
    claims: { ...profileClaims(ctx.profile.tokens.claims, client), ...client.claims },
    reuse: ctx.profile.tokens.reuse,
  });
  // "remaining": the seconds left of the token as of the request (a new token has its whole lifetime, even
  // when signing it crossed a second boundary; a reused one counts down).
  const expiresIn = ctx.profile.tokens.expiresIn === 'remaining' ? record.exp - Math.max(askedAt, record.iat) : record.exp - record.iat;
  const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  // RFC 6749 §5.1: scope is REQUIRED in the response when it differs from the request — no scope asked for
  // (the client's default), or a value that is not a scope of the token (a lifetime scope) — profile or not.
  if (!decision.asRequested && granted.length > 0) body.scope = granted.join(' ');
  return body;
}
