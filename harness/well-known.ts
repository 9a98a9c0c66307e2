// Where metadata lives for an issuer.

/** RFC 8414 §3.1: the well-known segment goes between host and issuer path; OIDC Discovery appends it. */
export function wellKnownUrls(issuer: string): { rfc8414: string; oidc: string } {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/$/, '');
  return {
    rfc8414: `${u.origin}/.well-known/oauth-authorization-server${path}`,
    oidc: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
  };
}
