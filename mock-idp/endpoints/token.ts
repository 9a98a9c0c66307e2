// Token endpoint (RFC 6749 §3.2): POST with a form body only; grant type first (§4.4.2, §5.2), then client
// authentication (§2.3), then the grant. Every answer carries Cache-Control: no-store (§5.1).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { noted, noteRequest } from '../access-log.ts';
import { authenticateClient, claimedClientId } from '../auth/client-auth.ts';
import type { MockContext } from '../context.ts';
import { InvalidRequest, UnsupportedGrantType } from '../errors.ts';
import { clientCredentialsGrant } from '../grants/client-credentials.ts';
import { passwordGrant } from '../grants/password.ts';
import { readBody } from '../http/body.ts';
import { requireFormBody, type Form } from '../http/form.ts';
import { NO_STORE, sendJson } from '../http/respond.ts';

const GRANTS = { client_credentials: clientCredentialsGrant, password: passwordGrant } as const;
/** Grants besides client_credentials are offered only where the profile says so (grants.password). */
const offered = (ctx: MockContext, grantType: string): boolean => grantType !== 'password' || ctx.profile.grants.password;
/** RFC 6749 §2.3.1: client credentials MUST NOT be sent in the request URI. */
const URI_FORBIDDEN = ['client_secret', 'client_assertion'];

export async function tokenEndpoint(ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let form: Form | undefined;
  try {
    form = requireFormBody(req.headers, await readBody(req, ctx.settings.limits.maxBodyBytes));
    if (URI_FORBIDDEN.some((p) => url.searchParams.has(p))) {
      throw new InvalidRequest('client credentials must not be sent in the request URI (RFC 6749 §2.3.1)');
    }
    const grantType = form.get('grant_type');
    if (grantType === undefined) throw new InvalidRequest('grant_type is required');
    const grant = Object.hasOwn(GRANTS, grantType) && offered(ctx, grantType) ? GRANTS[grantType as keyof typeof GRANTS] : undefined;
    if (!grant) throw new UnsupportedGrantType(`grant_type ${grantType.replace(/[^\x20-\x7E]/g, '?')} is not supported`);
    const auth = await authenticateClient(ctx, req.headers, form, ctx.url(ctx.settings.paths.token));
    noteRequest(req, { client: auth.client.id });
    const body = await grant(ctx, auth, form);
    ctx.requestLog.record(auth.client.id, 'issued');
    noteRequest(req, { outcome: 'issued' });
    sendJson(res, 200, body, NO_STORE);
  } catch (err) {
    // Failed requests are logged too (client authentication included), under the client the request named.
    const client = noted(req) ?? claimedClientId(req.headers, form);
    noteRequest(req, { client });
    ctx.requestLog.record(client ?? '', (err as { error?: string }).error || 'server_error');
    throw err;
  }
}
