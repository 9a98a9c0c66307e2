// Token revocation (RFC 7009): client authentication required (§2.1); 200 for unknown tokens and invalid
// hints (§2.2); a token of another client is left untouched; a revoked token is inactive at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readTokenRequest } from '../auth/token-request.ts';
import type { MockContext } from '../context.ts';
import { InvalidRequest } from '../errors.ts';
import { faultFlag } from '../faults/engine.ts';
import { NO_STORE, sendEmpty } from '../http/respond.ts';

export async function revocationEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { client, token } = await readTokenRequest(ctx, req, ctx.settings.paths.revocation!);
  const record = await ctx.tokens.find(token);
  // Faults (faults/revocation.ts): refuse unknown tokens, revoke other clients' tokens.
  if (!record && faultFlag('refuseUnknownToken')) throw new InvalidRequest('unknown token');
  if (record && (record.clientId === client.id || faultFlag('revokeAnyClient'))) ctx.tokens.revoke(record);
  // Durable state (--state): the revocation is on disk before it is acknowledged.
  await ctx.persist();
  sendEmpty(res, 200, NO_STORE);
}

/**
 * ServiceNow's revocation (profile revocation.style get-query): GET ?token=… with no client
 * authentication; "the token in this request is marked expired". Not RFC 7009.
 */
export async function revocationByQueryEndpoint(ctx: MockContext, _req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const token = url.searchParams.get('token');
  if (!token) throw new InvalidRequest('token is required');
  const record = await ctx.tokens.find(token);
  if (record) {
    ctx.tokens.revoke(record);
    // Acknowledged only once durable (--state), like the RFC 7009 endpoint.
    await ctx.persist();
  }
  sendEmpty(res, 200, NO_STORE);
}
