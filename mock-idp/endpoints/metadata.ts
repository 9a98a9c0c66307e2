// Authorization server metadata (RFC 8414 §2, §3) served at both well-known locations with identical
// content (RFC 9068 §4): issuer identical to the token iss, absolute endpoint URLs, no empty arrays (§3.2).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context.ts';
import { ASSERTION_ALGS, AUTH_METHODS } from '../defaults.ts';
import { sendJson } from '../http/respond.ts';

export function metadata(ctx: MockContext): Record<string, unknown> {
  const { paths } = ctx.settings;
  const methods = [...AUTH_METHODS];
  const scopes = [...new Set(ctx.clients.list().flatMap((c) => c.scopes))];
  const doc: Record<string, unknown> = {
    issuer: ctx.issuer(),
    token_endpoint: ctx.url(paths.token),
    jwks_uri: ctx.url(paths.jwks),
    introspection_endpoint: ctx.url(paths.introspection),
    revocation_endpoint: ctx.url(paths.revocation),
    grant_types_supported: ['client_credentials'],
    // REQUIRED by RFC 8414 §2; this server has no authorization endpoint, so only "none".
    response_types_supported: ['none'],
    token_endpoint_auth_methods_supported: methods,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGS,
    introspection_endpoint_auth_methods_supported: methods,
    introspection_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGS,
    revocation_endpoint_auth_methods_supported: methods,
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGS,
  };
  if (scopes.length) doc.scopes_supported = scopes;
  return doc;
}

export async function metadataEndpoint(ctx: MockContext, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  sendJson(res, 200, metadata(ctx));
}
