// JWK Set (RFC 7517 §5): public members only, each with kid, use and alg. A profile may require client
// authentication first (Oracle: anonymous access only with "Configure client access" enabled).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateClient } from '../auth/client-auth.ts';
import type { MockContext } from '../context.ts';
import { firedFaults } from '../faults/engine.ts';
import { sendJson } from '../http/respond.ts';

export async function jwksEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (ctx.profile.jwks.requiresClientAuth) await authenticateClient(ctx, req.headers, new Map(), ctx.url(ctx.settings.paths.jwks));
  await ctx.keys.ready();
  const set = ctx.keys.jwks(ctx.clock.now());
  for (const f of firedFaults())
    f.jwks?.(
      set,
      ctx.keys.all().map((k) => ({ ...k.privateJwk, kid: k.kid })),
    );
  sendJson(res, 200, set);
}
