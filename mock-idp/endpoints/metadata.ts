// Authorization server metadata (RFC 8414 §2, §3) served at both well-known locations with identical
// content (RFC 9068 §4): issuer identical to the token iss, absolute endpoint URLs, no empty arrays (§3.2).
// A vendor profile may change the issuer, the URL form and a member name (profile.metadata quirks).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockContext } from '../context.ts';
import { ASSERTION_ALGS, AUTH_METHODS } from '../defaults.ts';
import { firedFaults } from '../faults/engine.ts';
import { sendJson } from '../http/respond.ts';

export function metadata(ctx: MockContext): Record<string, unknown> {
  const { paths } = ctx.settings;
  const { metadata: shape, clientAuth, revocation } = ctx.profile;
  const methods = AUTH_METHODS.filter((m) => clientAuth.methods.includes(m));
  // Signing algorithms only describe JWT client authentication (RFC 8414 §2).
  const algs = methods.includes('private_key_jwt') ? ASSERTION_ALGS : undefined;
  const at = (path: string) => (shape.relativeEndpoints ? new URL(ctx.url(path)).pathname : ctx.url(path));
  const scopes = [...new Set(ctx.clients.list().flatMap((c) => c.scopes))];
  const doc: Record<string, unknown> = {
    issuer: shape.issuer ?? ctx.issuer(),
    token_endpoint: at(paths.token),
    jwks_uri: at(paths.jwks),
    grant_types_supported: ['client_credentials'],
    // REQUIRED by RFC 8414 §2; this server has no authorization endpoint, so only "none".
    response_types_supported: ['none'],
    token_endpoint_auth_methods_supported: methods,
    token_endpoint_auth_signing_alg_values_supported: algs,
  };
  if (paths.introspection !== null) {
    doc[shape.introspectionKey] = at(paths.introspection);
    Object.assign(doc, {
      introspection_endpoint_auth_methods_supported: methods,
      introspection_endpoint_auth_signing_alg_values_supported: algs,
    });
  }
  // Only an RFC 7009 endpoint is a revocation_endpoint (ServiceNow's GET revocation is not).
  if (paths.revocation !== null && revocation.style === 'rfc7009') {
    Object.assign(doc, {
      revocation_endpoint: at(paths.revocation),
      revocation_endpoint_auth_methods_supported: methods,
      revocation_endpoint_auth_signing_alg_values_supported: algs,
    });
  }
  if (scopes.length) doc.scopes_supported = scopes;
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

export async function metadataEndpoint(ctx: MockContext, _req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const doc = metadata(ctx);
  for (const f of firedFaults()) f.metadata?.(doc, url.pathname);
  sendJson(res, 200, doc);
}
