// A sample protected resource (RFC 6750) so client developers can test their handling of expired, revoked
// and under-scoped tokens: 401 + WWW-Authenticate: Bearer (§3), invalid_token / insufficient_scope (§3.1).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context.ts';
import { BearerError } from '../errors.ts';
import { sendJson } from '../http/respond.ts';

export async function resourceEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const realm = ctx.settings.realm;
  const header = req.headers.authorization;
  const inQuery = url.searchParams.has('access_token');
  const bearer = header !== undefined && /^bearer +/i.test(header);
  if (bearer && inQuery) throw new BearerError('invalid_request', 400, 'the access token was sent by more than one method (RFC 6750 §2)', realm);
  if (inQuery) throw new BearerError('invalid_request', 401, 'access tokens in the URI query are not accepted (RFC 9700 §2.2, RFC 6750 §2.3)', realm);
  // RFC 6750 §3.1: a request without authentication information gets no error code.
  if (!bearer) throw new BearerError('', 401, 'no access token', realm);
  const token = header.replace(/^bearer +/i, '').trim();
  const record = await ctx.tokens.find(token);
  if (!record) throw new BearerError('invalid_token', 401, 'the access token is malformed, unknown or badly signed', realm);
  if (ctx.tokens.isRevoked(record)) throw new BearerError('invalid_token', 401, 'the access token was revoked', realm);
  if (record.exp <= ctx.clock.now()) throw new BearerError('invalid_token', 401, 'the access token expired', realm);
  const audience = ctx.defaultAudience();
  const aud = Array.isArray(record.aud) ? record.aud : [record.aud];
  if (!aud.includes(audience)) throw new BearerError('invalid_token', 401, 'the access token is for another audience', realm);
  const required = ctx.settings.resource.requiredScope;
  if (required && !record.scope.includes(required)) {
    throw new BearerError('insufficient_scope', 403, `the access token lacks scope ${required}`, realm, required);
  }
  sendJson(res, 200, { ok: true, client_id: record.clientId, sub: record.sub, scope: record.scope.join(' ') });
}
