// JWK Set (RFC 7517 §5): public members only, each with kid, use and alg.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context.ts';
import { sendJson } from '../http/respond.ts';

export async function jwksEndpoint(ctx: MockContext, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  await ctx.keys.ready();
  sendJson(res, 200, ctx.keys.jwks(ctx.clock.now()));
}
