// Token introspection (RFC 7662): client authentication required (§2.1, §4); unknown, expired, revoked or
// another client's tokens get exactly {"active":false} (§2.2); token_type_hint never limits the search.
// active is a boolean unless the profile says string (profile introspection.activeType, an Oracle quirk).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readTokenRequest } from '../auth/token-request.ts';
import type { MockContext } from '../context.ts';
import { NO_STORE, sendJson } from '../http/respond.ts';

export async function introspectionEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { client, token } = await readTokenRequest(ctx, req, ctx.settings.paths.introspection!);
  const active = (on: boolean) => (ctx.profile.introspection.activeType === 'string' ? String(on) : on);
  const record = await ctx.tokens.find(token);
  if (!record || record.clientId !== client.id || !ctx.tokens.isActive(record)) {
    sendJson(res, 200, { active: active(false) }, NO_STORE);
    return;
  }
  const body: Record<string, unknown> = {
    active: active(true),
    client_id: record.clientId,
    token_type: 'Bearer',
    exp: record.exp,
    iat: record.iat,
    sub: record.sub,
    aud: record.aud,
    // RFC 7662 §2.2: the issuer of this token, which is the token's own iss (a profile may set it).
    iss: record.iss,
    jti: record.jti,
  };
  if (record.scope.length) body.scope = record.scope.join(' ');
  sendJson(res, 200, body, NO_STORE);
}
