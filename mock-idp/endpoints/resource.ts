// A sample protected resource (RFC 6750) so client developers can test their handling of expired, revoked
// and under-scoped tokens: 401 + WWW-Authenticate: Bearer (§3), invalid_token / insufficient_scope (§3.1).
// The profile gives its path, challenge scheme and realm, error body, the roles it needs (OIC
// ServiceInvoker, checked at the call, not at token issuance) and the statuses of refusals.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context.ts';
import { BearerError } from '../errors.ts';
import { sendJson } from '../http/respond.ts';

export async function resourceEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { scheme, requiredRoles, missingRoleStatus, insufficientScopeStatus } = ctx.profile.resource;
  const realm = ctx.settings.resource.realm;
  const refuse = (error: ConstructorParameters<typeof BearerError>[0], status: number, description: string, scope?: string) =>
    new BearerError(error, status, description, realm, scope, scheme);
  const header = req.headers.authorization;
  const inQuery = url.searchParams.has('access_token');
  const bearer = header !== undefined && /^bearer +/i.test(header);
  if (bearer && inQuery) throw refuse('invalid_request', 400, 'the access token was sent by more than one method (RFC 6750 §2)');
  if (inQuery) throw refuse('invalid_request', 401, 'access tokens in the URI query are not accepted (RFC 9700 §2.2, RFC 6750 §2.3)');
  // RFC 6750 §3.1: a request without authentication information gets no error code.
  if (!bearer) throw refuse('', 401, 'no access token');
  const token = header.replace(/^bearer +/i, '').trim();
  const record = await ctx.tokens.find(token);
  if (!record) throw refuse('invalid_token', 401, 'the access token is malformed, unknown or badly signed');
  if (ctx.tokens.isRevoked(record)) throw refuse('invalid_token', 401, 'the access token was revoked');
  if (record.exp <= ctx.clock.now()) throw refuse('invalid_token', 401, 'the access token expired');
  const audience = ctx.defaultAudience();
  const aud = Array.isArray(record.aud) ? record.aud : [record.aud];
  if (!aud.includes(audience)) throw refuse('invalid_token', 401, 'the access token is for another audience');
  const roles = ctx.clients.get(record.clientId)?.roles ?? [];
  if (requiredRoles.length && !requiredRoles.some((r) => roles.includes(r))) {
    throw refuse('insufficient_scope', missingRoleStatus, `the client has none of the roles ${requiredRoles.join(', ')}`);
  }
  const required = ctx.settings.resource.requiredScope;
  if (required && !record.scope.includes(required)) {
    throw refuse('insufficient_scope', insufficientScopeStatus, `the access token lacks scope ${required}`, required);
  }
  sendJson(res, 200, { ok: true, client_id: record.clientId, sub: record.sub, scope: record.scope.join(' ') });
}
