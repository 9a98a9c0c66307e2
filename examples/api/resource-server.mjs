// A resource server (an API) that checks access tokens the way RFC 9068 §4 and RFC 6750 §3 ask, with jose's
// jwtVerify + createRemoteJWKSet. `idp-conformance api --url http://127.0.0.1:PORT/orders -- node resource-server.mjs`
// starts it with IDP_ISSUER, IDP_JWKS_URI, IDP_AUDIENCE and IDP_SCOPE in its environment; PORT (default 8080) is
// where it listens. A token that is not a JWT (opaque) is validated by introspection (RFC 7662) at
// IDP_INTROSPECTION_URL with IDP_CLIENT_ID / IDP_CLIENT_SECRET (client_secret_basic), when those are set.
// The broken variants beside it pass `flaws` to make one mistake each.
import { createServer } from 'node:http';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';

/**
 * flaws: skipAudience (no aud check); noSignature (decodeJwt: reads the claims without verifying the signature);
 * noChallenge (refusals without WWW-Authenticate); laxClaims (no iss, exp, nbf or typ check, and an error code in the
 * challenge of a request without a token); sloppyHttp (no token = anonymous access, query tokens accepted without
 * Cache-Control: private, 403 for a bad token, no scope check, jose's default 30 s JWKS refetch cool-down);
 * noIntrospection (a token that is not a JWT is taken as valid without asking the authorization server).
 */
export function startResourceServer(flaws = {}) {
  const env = process.env;
  // cooldownDuration: a token with an unknown kid makes jose fetch the JWKS again at once (default: not within 30 s),
  // so a key rotation is picked up by the next token that uses the new key.
  const jwks = createRemoteJWKSet(new URL(env.IDP_JWKS_URI), flaws.sloppyHttp ? {} : { cooldownDuration: 0 });
  const scope = env.IDP_SCOPE ?? 'read';

  const refuse = (res, status, error, description) => {
    if (!flaws.noChallenge) {
      const params = error ? `, error="${error}", error_description="${description}"` : '';
      res.setHeader('WWW-Authenticate', `Bearer realm="orders"${params}`);
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(error ? { error } : {}));
  };

  /** RFC 7662 §2.1: POST token=… with the API's client credentials; §2.2: only active true means a usable token. */
  async function introspect(token) {
    if (flaws.noIntrospection) return { active: true, scope };
    if (!env.IDP_INTROSPECTION_URL) throw new Error('not a JWT, and no introspection endpoint to ask');
    // RFC 6749 §2.3.1: client_secret_basic form-urlencodes the id and secret before base64.
    const credentials = `${encodeURIComponent(env.IDP_CLIENT_ID)}:${encodeURIComponent(env.IDP_CLIENT_SECRET)}`;
    const res = await fetch(env.IDP_INTROSPECTION_URL, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(5000),
    });
    if (res.status !== 200) throw new Error(`introspection answered ${res.status}`);
    const info = await res.json();
    // Revoked, expired or unknown: {"active": false}.
    if (info.active !== true) throw new Error('inactive');
    const audiences = Array.isArray(info.aud) ? info.aud : info.aud === undefined ? [] : [info.aud];
    if (!flaws.skipAudience && info.aud !== undefined && !audiences.includes(env.IDP_AUDIENCE)) throw new Error('aud');
    return info;
  }

  /** A JWT has three base64url parts and a JOSE header; anything else is opaque to this API. */
  function isJwt(token) {
    try {
      return token.split('.').length === 3 && typeof decodeProtectedHeader(token).alg === 'string';
    } catch {
      return false;
    }
  }

  async function claimsOf(token) {
    if (!isJwt(token)) return introspect(token);
    if (flaws.noSignature) {
      if (decodeProtectedHeader(token).typ !== 'at+jwt') throw new Error('typ');
      const claims = decodeJwt(token);
      if (claims.iss !== env.IDP_ISSUER) throw new Error('iss');
      if (!(Array.isArray(claims.aud) ? claims.aud : [claims.aud]).includes(env.IDP_AUDIENCE)) throw new Error('aud');
      const now = Date.now() / 1000;
      if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('exp');
      if (typeof claims.nbf === 'number' && claims.nbf > now) throw new Error('nbf');
      return claims;
    }
    const { payload } = await jwtVerify(token, jwks, {
      ...(flaws.laxClaims ? { clockTolerance: 100 * 365 * 86400 } : { issuer: env.IDP_ISSUER, typ: 'at+jwt' }),
      ...(flaws.skipAudience ? {} : { audience: env.IDP_AUDIENCE }),
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    });
    return payload;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== '/orders') return void res.writeHead(404).end();
    const header = req.headers.authorization;
    const queryToken = flaws.sloppyHttp ? url.searchParams.get('access_token') : null;
    if (flaws.sloppyHttp && !queryToken && (header === undefined || header === 'Bearer')) {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"orders":[],"client":"anonymous"}');
    }
    if (header === undefined && !queryToken) {
      return flaws.laxClaims ? refuse(res, 401, 'invalid_token', 'no access token') : refuse(res, 401);
    }
    const token = queryToken ?? /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header)?.[1];
    if (!token) return refuse(res, 400, 'invalid_request', 'malformed Authorization header');
    let claims;
    try {
      claims = await claimsOf(token);
    } catch {
      return refuse(res, flaws.sloppyHttp ? 403 : 401, 'invalid_token', 'the access token is invalid');
    }
    const scopes = String(claims.scope ?? '').split(' ');
    if (!flaws.sloppyHttp && !scopes.includes(scope)) {
      if (!flaws.noChallenge) res.setHeader('WWW-Authenticate', `Bearer realm="orders", error="insufficient_scope", scope="${scope}"`);
      return void res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":"insufficient_scope"}');
    }
    const cache = flaws.sloppyHttp ? {} : { 'Cache-Control': 'no-store' };
    res.writeHead(200, { 'Content-Type': 'application/json', ...cache }).end(JSON.stringify({ orders: [], client: claims.client_id }));
  });
  server.listen(Number(env.PORT ?? 8080), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) startResourceServer();
