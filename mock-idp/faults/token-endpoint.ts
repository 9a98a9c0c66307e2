// Faults of the token endpoint (RFC 6749 §2.3, §3.2, §3.3, §4.4, §5.1, §5.2): how the request is read, how the
// client is authenticated, what scope is granted and what the response says.
import { randomBytes } from 'node:crypto';
import { encodeForm } from '../../lib/form.ts';
import { InvalidRequest, InvalidScope, OAuthError } from '../errors.ts';
import { decodeName, fromPairs, getAsFormPost, onBody } from './request.ts';
import {
  ALL_PROFILES,
  body,
  conformance,
  deleteHeader,
  isError,
  isTokenSuccess,
  OAUTH_ENDPOINTS,
  setHeader,
  type FaultDefinition,
} from './types.ts';

/** A different, still valid, RFC 6749 §5.2 code for each error: "the wrong error code". */
const WRONG_CODE: Record<string, string> = {
  invalid_request: 'invalid_grant',
  invalid_client: 'invalid_request',
  unauthorized_client: 'invalid_client',
  unsupported_grant_type: 'invalid_request',
  invalid_scope: 'invalid_request',
  invalid_target: 'invalid_request',
};
/** Parameters a client-credentials token endpoint knows (RFC 6749 §4.4.2, §2.3.1, RFC 7523, RFC 8707). */
const KNOWN_PARAMS = new Set([
  'grant_type',
  'scope',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'resource',
  'audience',
]);
const hasScope = (pairs: [string, string][]) => pairs.some(([k, v]) => decodeName(k) === 'scope' && v !== '');

export const TOKEN_FAULTS: FaultDefinition[] = [
  // ---------------------------------------------------------------- response headers and shape (§5.1, §5.2)
  conformance(
    'missing-cache-control',
    'token and error responses lack Cache-Control: no-store',
    ['RFC6749-5.1', 'RFC6749-5.2'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => deleteHeader(r, 'cache-control'),
    },
  ),
  conformance('missing-pragma', 'token and error responses lack Pragma: no-cache', ['RFC6749-5.1', 'RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => deleteHeader(r, 'pragma'),
  }),
  conformance(
    'refresh-token-issued',
    'a refresh_token is issued with client credentials',
    ['RFC6749-4.4.3'],
    ['token'],
    {
      response: (r) => {
        if (isTokenSuccess(r)) body(r).refresh_token = 'fault-refresh-token-value';
      },
      // ServiceNow's suite has no refresh-token check of its own (its clients authenticate in the body).
    },
    ALL_PROFILES.filter((p) => p !== 'servicenow'),
  ),
  conformance('expires-in-string', 'expires_in is a JSON string', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).expires_in = String(body(r).expires_in);
    },
  }),
  conformance(
    'expires-in-zero',
    'expires_in is 0',
    ['RFC6749-5.1'],
    ['token'],
    {
      response: (r) => {
        if (isTokenSuccess(r)) body(r).expires_in = 0;
      },
    },
    ALL_PROFILES,
  ),
  conformance('expires-in-missing', 'expires_in is left out', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) delete body(r).expires_in;
    },
  }),
  conformance(
    'wrong-default-lifetime',
    'tokens live 7200 s instead of the configured or documented default (expires_in and exp)',
    ['RFC6749-5.1', 'RFC6750-5.3'],
    ['token'],
    {
      response: (r) => {
        if (isTokenSuccess(r)) body(r).expires_in = 7200;
      },
      jwt: (t) => {
        if (typeof t.payload.iat === 'number') t.payload.exp = t.payload.iat + 7200;
      },
    },
    ALL_PROFILES,
  ),
  conformance(
    'no-token-type',
    'token_type is left out',
    ['RFC6749-5.1'],
    ['token'],
    {
      response: (r) => {
        if (isTokenSuccess(r)) delete body(r).token_type;
      },
    },
    ALL_PROFILES,
  ),
  conformance('access-token-non-vschar', 'access_token contains a character outside VSCHAR (é)', ['RFC6749-A.12'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).access_token = `${String(body(r).access_token)}\u00e9`;
    },
  }),
  conformance(
    'tokens-repeat',
    'every token response repeats the first access token issued',
    ['RFC6749-10.10', 'RFC9068-2.2'],
    ['token'],
    () => {
      let first: unknown;
      return {
        response: (r) => {
          if (!isTokenSuccess(r)) return;
          first ??= body(r).access_token;
          body(r).access_token = first;
        },
      };
    },
  ),
  conformance('short-access-token', 'access tokens carry 96 bits (24 hex digits), below the 128 required', ['RFC6749-10.10'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).access_token = randomBytes(12).toString('hex');
    },
  }),
  conformance(
    'non-json-content-type',
    'token and error responses are labelled text/plain',
    ['RFC6749-5.1', 'RFC6749-5.2'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => setHeader(r, 'Content-Type', 'text/plain'),
    },
  ),
  conformance('html-error-body', 'errors come back as an HTML page', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => {
      if (r.status >= 400) {
        r.body = `<html><body><h1>Error ${r.status}</h1></body></html>`;
        setHeader(r, 'Content-Type', 'text/html');
      }
    },
  }),
  conformance(
    'wrong-error-code',
    'errors carry a different (valid but wrong) RFC 6749 §5.2 code',
    ['RFC6749-5.2'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => {
        if (isError(r)) body(r).error = WRONG_CODE[String(body(r).error)] ?? 'invalid_request';
      },
    },
    ['generic', 'oci-iam', 'aveva-connect'],
  ),
  conformance(
    'error-description-forbidden-chars',
    "error_description contains '\"', '\\' and non-ASCII characters",
    ['RFC6749-5.2', 'RFC6749-A.7'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => {
        if (isError(r))
          body(r).error_description =
            `${typeof body(r).error_description === 'string' ? (body(r).error_description as string) : 'error'}: "bad" \\ caf\u00e9`;
      },
    },
    ['generic', 'oci-iam'],
  ),
  conformance('server-error-on-bad-request', 'a malformed request body answers 500 instead of 400', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    serverErrorOnBadRequest: true,
  }),
  conformance(
    'method-not-allowed-404',
    'a request with a method the endpoint does not serve gets 404 instead of 405',
    ['RFC6749-3.2', 'RFC7009-2.1'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => {
        if (r.status === 405) r.status = 404;
      },
    },
  ),

  // ---------------------------------------------------------------- reading the request (§3.2, App. B)
  conformance('token-get-accepted', 'a GET token request is served, its query read as the form', ['RFC6749-3.2'], ['token'], {
    request: getAsFormPost,
  }),
  conformance(
    'json-body-accepted',
    'a JSON request body is read as the form',
    ['RFC6749-4.4.2', 'RFC6749-B'],
    ['token'],
    {
      request: onBody((_pairs, text, req) => {
        if (!/^application\/json/i.test(req.headers['content-type'] ?? '')) return undefined;
        req.headers['content-type'] = 'application/x-www-form-urlencoded';
        try {
          return encodeForm(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const));
        } catch {
          return undefined;
        }
      }),
    },
    ['generic', 'servicenow'],
  ),
  conformance(
    'query-credentials-accepted',
    'client credentials in the request URI are read as if they were in the body',
    ['RFC6749-2.3.1'],
    ['token'],
    {
      request: onBody((pairs, _text, _req, url) => {
        if (!url.search) return undefined;
        const extra = url.search.slice(1);
        url.search = '';
        return [fromPairs(pairs), extra].filter(Boolean).join('&');
      }),
    },
  ),
  conformance(
    'unknown-params-refused',
    'a request with an unrecognised parameter is refused with invalid_request',
    ['RFC6749-3.2'],
    ['token'],
    {
      request: onBody((pairs) => {
        const unknown = pairs.map(([k]) => decodeName(k)).find((k) => !KNOWN_PARAMS.has(k));
        if (unknown !== undefined) throw new InvalidRequest(`unrecognised parameter ${unknown.replace(/[^\w-]/g, '')}`);
        return undefined;
      }),
    },
  ),
  conformance('empty-scope-refused', 'scope= (empty) is taken as the scope "" and refused with invalid_scope', ['RFC6749-3.2'], ['token'], {
    request: onBody((pairs) => {
      if (pairs.some(([k, v]) => decodeName(k) === 'scope' && v === '')) throw new InvalidScope('the scope "" is not valid');
      return undefined;
    }),
  }),
  conformance(
    'empty-scope-error-200',
    'scope= (empty) is refused with an invalid_scope body and HTTP 200 (a gateway answering errors with 200)',
    ['RFC6749-3.2'],
    ['token'],
    {
      request: onBody((pairs) => {
        if (pairs.some(([k, v]) => decodeName(k) === 'scope' && v === ''))
          throw new OAuthError('invalid_scope', 200, 'the scope is not valid');
        return undefined;
      }),
    },
  ),
  conformance('duplicate-params-accepted', 'a repeated parameter is accepted (the first value wins)', ['RFC6749-3.2'], ['token'], {
    request: onBody((pairs) => {
      const seen = new Set<string>();
      return fromPairs(pairs.filter(([k]) => !seen.has(decodeName(k)) && !!seen.add(decodeName(k))));
    }),
  }),
  conformance('malformed-encoding-accepted', 'malformed percent-encoding is dropped instead of refused', ['RFC6749-B'], ['token'], {
    request: onBody((_pairs, text) => text.replace(/%(?![0-9A-Fa-f]{2}).?/g, '')),
  }),

  // ---------------------------------------------------------------- client authentication (§2.3, §3.2.1)
  conformance(
    'accept-wrong-secret',
    'any client secret is accepted for a known client',
    ['RFC6749-2.3.1', 'RFC6749-5.2'],
    OAUTH_ENDPOINTS,
    {
      acceptWrongSecret: true,
    },
    ['generic', 'oci-iam', 'aveva-connect', 'servicenow'],
  ),
  conformance(
    'basic-auth-failure-400',
    'failed HTTP Basic authentication answers 400 instead of 401',
    ['RFC6749-5.2'],
    OAUTH_ENDPOINTS,
    {
      response: (r) => {
        if (r.status === 401 && isError(r) && body(r).error === 'invalid_client') r.status = 400;
      },
    },
    ['generic', 'oci-iam'],
  ),
  conformance(
    'no-www-authenticate',
    '401 responses carry no WWW-Authenticate challenge',
    ['RFC6749-5.2', 'RFC6750-3'],
    [...OAUTH_ENDPOINTS, 'resource'],
    {
      response: (r) => {
        if (r.status === 401) deleteHeader(r, 'www-authenticate');
      },
    },
  ),
  conformance(
    'basic-secret-not-urldecoded',
    'HTTP Basic credentials are compared without form-urldecoding them',
    ['RFC6749-2.3.1'],
    OAUTH_ENDPOINTS,
    {
      basicNoUrlDecode: true,
    },
    ['generic', 'oci-iam', 'oracle-integration'],
  ),
  conformance(
    'client-secret-post-refused',
    'client_secret_post is refused for a client registered for it',
    ['RFC6749-2.3.1', 'RFC8414-2'],
    ['token'],
    {
      refuseAuthMethods: ['client_secret_post'],
    },
    ['generic', 'aveva-connect', 'servicenow'],
  ),
  conformance('private-key-jwt-refused', 'private_key_jwt is refused for a client registered for it', ['RFC7523-2.2'], ['token'], {
    refuseAuthMethods: ['private_key_jwt'],
  }),
  conformance(
    'client-auth-optional',
    'a request without client authentication is served as the client it names (else the first client)',
    ['RFC6749-3.2.1', 'RFC7662-2.1', 'RFC7009-2.1'],
    OAUTH_ENDPOINTS,
    {
      anonymousClient: true,
    },
    ['generic', 'oci-iam'],
  ),
  conformance(
    'body-credentials-override-header',
    'with credentials in both the Authorization header and the body, the header is ignored',
    ['RFC6749-2.3'],
    ['token'],
    {
      request: onBody((pairs, _text, req) => {
        if (req.headers.authorization && pairs.some(([k]) => ['client_secret', 'client_assertion'].includes(decodeName(k))))
          delete req.headers.authorization;
        return undefined;
      }),
    },
  ),
  conformance('pkjwt-aud-unchecked', 'the audience of a private_key_jwt assertion is not checked', ['RFC7523-3'], ['token'], {
    assertion: (c) => {
      delete c.audience;
    },
  }),
  conformance('pkjwt-exp-unchecked', 'an expired private_key_jwt assertion, or one without exp, is accepted', ['RFC7523-3'], ['token'], {
    assertion: (c) => {
      c.requiredClaims = c.requiredClaims.filter((n) => n !== 'exp');
      c.clockTolerance = 10 * 365 * 86_400;
    },
  }),
  conformance('pkjwt-iss-unchecked', 'the iss of a private_key_jwt assertion is not checked', ['RFC7523-3'], ['token'], {
    assertion: (c) => {
      delete c.issuer;
    },
  }),

  // ---------------------------------------------------------------- scope (§3.3)
  conformance(
    'scope-granted-silently',
    'the scope requested is granted whatever the client may have (unknown, disallowed, other case)',
    ['RFC6749-3.3', 'RFC9700-2.3'],
    ['token'],
    {
      grantRequestedScope: true,
    },
  ),
  conformance(
    'scope-not-echoed',
    'the token response never carries scope, even when the scope granted differs from the request (none asked, a lifetime scope)',
    ['RFC6749-5.1', 'RFC6749-3.3'],
    ['token'],
    {
      response: (r) => {
        if (isTokenSuccess(r)) delete body(r).scope;
      },
    },
    ['generic', 'oci-iam', 'servicenow'],
  ),
  conformance(
    'scope-widened-silently',
    'the token carries every scope the client may have, not only those requested, and the response does not say so',
    ['RFC6749-5.1', 'RFC6749-3.3'],
    ['token'],
    {
      widenScopeSilently: true,
    },
  ),
  conformance(
    'scope-required-invalid-request',
    'a request without scope is refused with invalid_request instead of invalid_scope or the default',
    ['RFC6749-3.3'],
    ['token'],
    {
      request: onBody((pairs) => {
        if (!hasScope(pairs)) throw new InvalidRequest('scope is required');
        return undefined;
      }),
    },
  ),
  conformance('scope-omitted-server-error', 'a request without scope answers 500', ['RFC6749-3.3'], ['token'], {
    request: onBody((pairs) => {
      if (!hasScope(pairs)) throw new OAuthError('server_error', 500, 'no scope');
      return undefined;
    }),
  }),
];
