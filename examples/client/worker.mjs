// A long-running machine-to-machine client (a worker) that gets and uses client-credentials tokens the way RFC 6749
// and RFC 6750 ask, with openid-client v6 (built on oauth4webapi): discovery from IDP_ISSUER, client_secret_basic
// (the library form-urlencodes the id and secret, RFC 6749 §2.3.1), clientCredentialsGrant with IDP_SCOPE.
// `idp-conformance client -- node examples/client/worker.mjs` starts it with IDP_ISSUER, IDP_TOKEN_URL,
// IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_SCOPE and IDP_RESOURCE_URL in its environment; it calls IDP_RESOURCE_URL
// about every 100 ms until SIGTERM. The broken variants beside it pass `defects` to make one mistake each.
import * as client from 'openid-client';

/** Token requests time out after this (the IdP that hangs must not stall the worker). */
const TOKEN_TIMEOUT_S = 2;
/** Exponential backoff of the token request on 5xx, timeouts and network errors: first wait, and the cap. */
const BACKOFF_START_MS = 250;
const BACKOFF_CAP_MS = 5000;
const CALL_EVERY_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stderr.write(`[worker] ${line}\n`);

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; the wait in ms, or undefined. */
function retryAfterMs(response) {
  const value = response?.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A failed token request: the HTTP status (undefined: timeout or network error), the OAuth error code, Retry-After. */
class TokenFailure extends Error {
  constructor(message, { status, error, retryAfter } = {}) {
    super(message);
    this.status = status;
    this.error = error;
    this.retryAfter = retryAfter;
  }
}

/** What an error of openid-client / oauth4webapi (or fetch) says about the token endpoint's answer. */
async function failureOf(err) {
  let response;
  let error;
  if (err instanceof client.ResponseBodyError) {
    response = err.response;
    error = err.error;
  } else if (err instanceof client.WWWAuthenticateChallengeError) {
    // A 401 with WWW-Authenticate (e.g. invalid_client over Basic): the code is in the challenge or the JSON body.
    response = err.response;
    error = err.cause?.find((c) => c.parameters?.error)?.parameters.error;
    if (!error)
      error = await response.json().then(
        (body) => body?.error,
        () => undefined,
      );
  } else if (err instanceof client.ClientError && err.cause instanceof Response) {
    response = err.cause;
    error = await response.json().then(
      (body) => body?.error,
      () => undefined,
    );
  }
  if (!response) return new TokenFailure(`${err.name}: ${err.message}`);
  return new TokenFailure(`HTTP ${response.status}${error ? ` ${error}` : ''}`, {
    status: response.status,
    error,
    retryAfter: retryAfterMs(response),
  });
}

/** The same failure from a plain fetch Response (the variants that bypass openid-client). */
async function failureOfResponse(response) {
  const error = await response.json().then(
    (body) => body?.error,
    () => undefined,
  );
  return new TokenFailure(`HTTP ${response.status}${error ? ` ${error}` : ''}`, {
    status: response.status,
    error,
    retryAfter: retryAfterMs(response),
  });
}

/**
 * defects (each one broken behaviour, for the conformance examples):
 * tokenPerCall (a new token for every resource call); ignoreRetryAfter (Retry-After ignored, the ordinary backoff
 * used instead); noBackoff (immediate retry on 5xx, timeouts and network errors without Retry-After); retryLoop (on
 * 401 invalid_token, the same token is sent again and kept until its expires_in); hammerInvalidClient (on
 * invalid_client, retries every 50 ms instead of stopping); secretInQuery (client_id and client_secret in the token
 * URL's query instead of Basic); rawBasic (a Basic header built without form-urlencoding the id and secret);
 * cacheForever (the first token is kept whatever its expires_in and the resource say); crashOnOutage (exits on a 5xx
 * or a network error of the token endpoint); twoAuthMethods (Basic and client_secret in the body); getRequest (the
 * token requested with GET and its parameters in the query); extraScope (asks for a scope beyond IDP_SCOPE);
 * tokenInQuery (the access token sent as ?access_token= instead of the Authorization header).
 */
export async function runClient(defects = {}) {
  const env = process.env;
  const clientId = env.IDP_CLIENT_ID;
  const secret = env.IDP_CLIENT_SECRET;
  const given = env.IDP_SCOPE ?? 'read';
  const scope = defects.extraScope ? `${given} admin` : given;
  // The defects that make the token request by hand (openid-client would not make those mistakes).
  const byHand = defects.secretInQuery || defects.rawBasic || defects.twoAuthMethods || defects.getRequest;
  // The defects that keep a token the resource refused.
  const keepsRefused = defects.retryLoop || defects.cacheForever;
  const resourceUrl = env.IDP_RESOURCE_URL;
  if (!clientId || !secret || !resourceUrl || !(env.IDP_ISSUER || env.IDP_TOKEN_URL)) {
    log('IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_RESOURCE_URL and IDP_ISSUER or IDP_TOKEN_URL are required');
    process.exit(2);
  }

  const stats = { calls: 0, ok: 0, tokenRequests: 0, tokens: 0 };
  process.on('SIGTERM', () => {
    log(`stopping: ${stats.calls} calls (${stats.ok} 2xx), ${stats.tokenRequests} token requests, ${stats.tokens} tokens`);
    process.exit(0);
  });

  // Backoff state, shared by discovery and token requests: no request to the IdP before nextAttemptAt.
  let failures = 0;
  let nextAttemptAt = 0;
  const failed = (failure) => {
    failures++;
    // Exponential backoff with jitter; jitter only lengthens the wait, so the schedule never gets denser than
    // 250, 500, 1000 … ms. Retry-After (429, 503) is a floor on top: never ask again before it has passed.
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** (failures - 1));
    const backoff = defects.noBackoff ? 0 : Math.min(BACKOFF_CAP_MS, base * (1 + Math.random() * 0.5));
    const retryAfter = defects.ignoreRetryAfter ? undefined : failure.retryAfter;
    const wait = Math.max(backoff, retryAfter ?? 0);
    nextAttemptAt = Date.now() + wait;
    // (Without a wait, only the 1st, 2nd, 4th, 8th … failure is logged: the log must not storm as well.)
    if (wait > 0 || (failures & (failures - 1)) === 0)
      log(
        `token request failed (${failure.message}); ${wait > 0 ? `next attempt in ${(wait / 1000).toFixed(2)} s` : `retrying at once (failure ${failures})`}`,
      );
    return wait;
  };

  // Discovery (RFC 8414 / OIDC Discovery); without it, IDP_TOKEN_URL is enough for the client-credentials grant.
  const auth = client.ClientSecretBasic(secret);
  let config;
  while (!config) {
    if (env.IDP_ISSUER) {
      try {
        config = await client.discovery(new URL(env.IDP_ISSUER), clientId, undefined, auth, {
          execute: [client.allowInsecureRequests],
          timeout: TOKEN_TIMEOUT_S,
        });
        break;
      } catch (err) {
        if (!env.IDP_TOKEN_URL) {
          failed(new TokenFailure(`discovery: ${err.message}`));
          await sleep(nextAttemptAt - Date.now());
          continue;
        }
        log(`discovery failed (${err.message}); using IDP_TOKEN_URL`);
      }
    }
    config = new client.Configuration(
      { issuer: env.IDP_ISSUER ?? new URL(env.IDP_TOKEN_URL).origin, token_endpoint: env.IDP_TOKEN_URL },
      clientId,
      undefined,
      auth,
    );
    client.allowInsecureRequests(config);
  }
  config.timeout = TOKEN_TIMEOUT_S;
  failures = 0;
  nextAttemptAt = 0;
  const tokenEndpoint = config.serverMetadata().token_endpoint;

  /** One token request; { accessToken, expiresIn (s or undefined) }, or throws a TokenFailure. */
  async function requestToken() {
    stats.tokenRequests++;
    if (byHand) {
      const url = new URL(tokenEndpoint);
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
      const form = new URLSearchParams({ grant_type: 'client_credentials', scope });
      const encode = (v) => encodeURIComponent(v).replace(/%20/g, '+');
      const basic = `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
      if (defects.secretInQuery) {
        url.searchParams.set('client_id', clientId);
        url.searchParams.set('client_secret', secret);
      } else if (defects.rawBasic) {
        headers.Authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
      } else if (defects.twoAuthMethods) {
        headers.Authorization = basic;
        form.set('client_id', clientId);
        form.set('client_secret', secret);
      } else {
        headers.Authorization = basic;
        delete headers['Content-Type'];
        for (const [k, v] of form) url.searchParams.set(k, v);
      }
      let response;
      try {
        response = await fetch(url, {
          method: defects.getRequest ? 'GET' : 'POST',
          headers,
          ...(defects.getRequest ? {} : { body: form }),
          signal: AbortSignal.timeout(TOKEN_TIMEOUT_S * 1000),
        });
      } catch (err) {
        throw new TokenFailure(`${err.name}: ${err.message}`);
      }
      if (!response.ok) throw await failureOfResponse(response);
      const body = await response.json();
      return { accessToken: body.access_token, expiresIn: body.expires_in };
    }
    try {
      const tokens = await client.clientCredentialsGrant(config, { scope });
      return { accessToken: tokens.access_token, expiresIn: tokens.expiresIn() };
    } catch (err) {
      throw await failureOf(err);
    }
  }

  let cached; // { accessToken, expiresAt (ms or Infinity), renewAt (ms) }
  const usable = (t) => t && Date.now() < t.renewAt;

  /** A token to use now, or undefined (the IdP is failing and the backoff says not yet). */
  async function getToken() {
    if (!defects.tokenPerCall && usable(cached)) return cached.accessToken;
    cached = undefined; // past its renewal time: never sent again
    if (Date.now() < nextAttemptAt) return undefined;
    for (;;) {
      const sentAt = Date.now();
      try {
        const { accessToken, expiresIn } = await requestToken();
        const lifetime = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : undefined;
        // Renew shortly before expiry: min(30 s, 10% of expires_in), counted from when the request was sent.
        const margin = lifetime === undefined ? 0 : Math.min(30_000, lifetime / 10);
        cached = {
          accessToken,
          expiresAt: lifetime === undefined ? Infinity : sentAt + lifetime,
          renewAt: lifetime === undefined || defects.cacheForever ? Infinity : sentAt + lifetime - margin,
        };
        stats.tokens++;
        if (failures) log(`token obtained after ${failures} failed attempt(s)`);
        failures = 0;
        nextAttemptAt = 0;
        return accessToken;
      } catch (err) {
        if (!(err instanceof TokenFailure)) throw err;
        if (err.error === 'invalid_client') {
          if (defects.hammerInvalidClient) {
            await sleep(50);
            continue;
          }
          // Retrying the same credentials cannot succeed (RFC 6749 §5.2): stop and say so.
          log(
            `the IdP refused the client credentials (invalid_client, HTTP ${err.status}): check IDP_CLIENT_ID / IDP_CLIENT_SECRET; stopping`,
          );
          process.exit(1);
        }
        if (defects.crashOnOutage && (err.status === undefined || err.status >= 500)) {
          log(`token request failed (${err.message}); exiting`);
          process.exit(1);
        }
        if (failed(err) === 0) continue;
        return undefined;
      }
    }
  }

  /** One call of the resource with a Bearer token (RFC 6750 §2.1); the response, or undefined on a network error. */
  async function callResource(token) {
    stats.calls++;
    try {
      const url = new URL(resourceUrl);
      if (defects.tokenInQuery) url.searchParams.set('access_token', token);
      return await fetch(url, {
        headers: defects.tokenInQuery ? { Accept: 'application/json' } : { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_S * 1000),
      });
    } catch (err) {
      log(`resource call failed: ${err.name}: ${err.message}`);
      return undefined;
    }
  }
  const invalidToken = (response) =>
    response?.status === 401 && /\berror\s*=\s*"?invalid_token"?/i.test(response.headers.get('www-authenticate') ?? '');

  let waitingLogged = false;
  for (;;) {
    const token = await getToken();
    if (token === undefined) {
      if (!waitingLogged) log('no valid token (the IdP is failing); resource calls wait for the next token');
      waitingLogged = true;
    } else {
      waitingLogged = false;
      let response = await callResource(token);
      if (invalidToken(response)) {
        await response.body?.cancel();
        // RFC 6750 §3.1: the token is expired, revoked or otherwise invalid: discard it, get a new one, retry once.
        let retryWith = token;
        if (!keepsRefused) {
          cached = undefined;
          retryWith = await getToken();
        }
        if (retryWith === undefined) {
          log('resource answered 401 invalid_token and no new token is available now; giving up this call');
          response = undefined;
        } else {
          response = await callResource(retryWith);
          if (invalidToken(response)) {
            if (!keepsRefused) cached = undefined;
            log('resource answered 401 invalid_token to the retry as well; giving up this call');
          }
        }
      }
      if (response?.ok) stats.ok++;
      else if (response && !invalidToken(response)) log(`resource answered HTTP ${response.status}`);
      await response?.body?.cancel();
    }
    await sleep(CALL_EVERY_MS);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runClient();
