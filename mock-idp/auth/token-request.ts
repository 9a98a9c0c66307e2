// The request shape introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1) share: a form POST from
// an authenticated client (RFC 6749 §2.3) with a REQUIRED token parameter.
import type { IncomingMessage } from 'node:http';
import type { Client } from '../clients.ts';
import type { MockContext } from '../context.ts';
import { InvalidRequest } from '../errors.ts';
import { readBody } from '../http/body.ts';
import { requireFormBody } from '../http/form.ts';
import { noteRequest } from '../access-log.ts';
import { authenticateClient, claimedClientId } from './client-auth.ts';

export async function readTokenRequest(
  ctx: MockContext,
  req: IncomingMessage,
  endpointPath: string,
): Promise<{ client: Client; token: string }> {
  const form = requireFormBody(req.headers, await readBody(req, ctx.settings.limits.maxBodyBytes));
  noteRequest(req, { client: claimedClientId(req.headers, form) });
  const { client } = await authenticateClient(ctx, req.headers, form, ctx.url(endpointPath));
  const token = form.get('token');
  if (token === undefined) throw new InvalidRequest('token is required');
  return { client, token };
}
