// The absolute URLs of the mock's endpoints under the profile in force (idp.endpoints): the profile's paths
// under the issuer, so `idp.endpoints.token` is /oauth_token.do under servicenow and /token under generic.
import type { MockContext } from './context.ts';

export interface Endpoints {
  token: string;
  jwks: string;
  /** RFC 8414 §3.1 metadata URL; undefined when the profile serves none. */
  metadata: string | undefined;
  /** undefined when the profile has no introspection endpoint. */
  introspection: string | undefined;
  /** undefined when the profile has no revocation endpoint. */
  revocation: string | undefined;
  /** The sample protected resource (RFC 6750). */
  resource: string;
}

export function endpointUrls(ctx: MockContext): Endpoints {
  const { paths } = ctx.settings;
  const issuer = new URL(ctx.issuer());
  return {
    token: ctx.url(paths.token),
    jwks: ctx.url(paths.jwks),
    // RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path (AVEVA: /identity).
    metadata: ctx.profile.metadata.served
      ? `${issuer.origin}/.well-known/oauth-authorization-server${issuer.pathname.replace(/\/$/, '')}`
      : undefined,
    introspection: paths.introspection === null ? undefined : ctx.url(paths.introspection),
    revocation: paths.revocation === null ? undefined : ctx.url(paths.revocation),
    resource: ctx.resourceUrl(),
  };
}
