// The fault catalogue: each fault breaks exactly one behaviour, declared as data plus a small hook. Faults
// prove that every conformance check can fail, and give client developers an IdP that misbehaves on purpose.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';

export interface ResponseDraft {
  status: number;
  headers: Record<string, string | number>;
  /** A JSON value, a string (already serialised), or undefined for an empty body. */
  body: unknown;
}

export interface TokenDraft {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface FaultParams {
  delayMs?: number;
  retryAfter?: number;
}

export interface FaultHooks {
  /** Change a response written through http/respond.ts. */
  response?(r: ResponseDraft): void;
  /** Change a JWT access token's header or claims before it is signed. */
  jwt?(t: TokenDraft): void;
  /** Sign the access token with no signature (alg none) or with a key the JWKS does not have. */
  signing?: 'none' | 'foreign-key';
  /** Change the published JWK Set; privateJwks are the signing keys' private JWKs. */
  jwks?(set: { keys: JWK[] }, privateJwks: JWK[]): void;
  metadata?(doc: Record<string, unknown>): void;
  acceptWrongSecret?: boolean;
  ignoreRevocation?: boolean;
  serverErrorOnBadRequest?: boolean;
  /** Operational faults run before the handler; 'handled' means the fault answered (or broke) the request. */
  operational?(req: IncomingMessage, res: ServerResponse): Promise<'handled' | 'continue'>;
}

export interface FaultDefinition {
  name: string;
  description: string;
  /** Requirement ids whose checks must catch this fault (suites/COVERAGE.md, the mutation report). */
  breaks: string[];
  /** Endpoints it applies to unless the configuration names others. */
  endpoints: string[];
  kind: 'conformance' | 'operational';
  hooks(params: FaultParams): FaultHooks;
}

const OAUTH_ENDPOINTS = ['token', 'introspection', 'revocation'];
const isTokenSuccess = (r: ResponseDraft) => r.status === 200 && typeof r.body === 'object' && r.body !== null && 'access_token' in r.body;
const isError = (r: ResponseDraft) => r.status >= 400 && typeof r.body === 'object' && r.body !== null && 'error' in r.body;
const body = (r: ResponseDraft) => r.body as Record<string, unknown>;
const deleteHeader = (r: ResponseDraft, name: string) => {
  for (const k of Object.keys(r.headers)) if (k.toLowerCase() === name) delete r.headers[k];
};
const setHeader = (r: ResponseDraft, name: string, value: string) => {
  deleteHeader(r, name.toLowerCase());
  r.headers[name] = value;
};
/** A different, still valid, RFC 6749 §5.2 code for each error: "the wrong error code". */
const WRONG_CODE: Record<string, string> = {
  invalid_request: 'invalid_grant',
  invalid_client: 'invalid_request',
  unauthorized_client: 'invalid_client',
  unsupported_grant_type: 'invalid_request',
  invalid_scope: 'invalid_request',
  invalid_target: 'invalid_request',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function conformance(name: string, description: string, breaks: string[], endpoints: string[], hooks: FaultHooks): FaultDefinition {
  return { name, description, breaks, endpoints, kind: 'conformance', hooks: () => hooks };
}

export const FAULTS: FaultDefinition[] = [
  conformance('missing-cache-control', 'token and error responses lack Cache-Control: no-store', ['RFC6749-5.1', 'RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => deleteHeader(r, 'cache-control'),
  }),
  conformance('missing-pragma', 'token and error responses lack Pragma: no-cache', ['RFC6749-5.1', 'RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => deleteHeader(r, 'pragma'),
  }),
  conformance('basic-auth-failure-400', 'failed HTTP Basic authentication answers 400 instead of 401', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => {
      if (r.status === 401 && isError(r) && body(r).error === 'invalid_client') r.status = 400;
    },
  }),
  conformance('no-www-authenticate', '401 responses carry no WWW-Authenticate challenge', ['RFC6749-5.2', 'RFC6750-3'], [...OAUTH_ENDPOINTS, 'resource'], {
    response: (r) => {
      if (r.status === 401) deleteHeader(r, 'www-authenticate');
    },
  }),
  conformance('accept-wrong-secret', 'any client secret is accepted for a known client', ['RFC6749-2.3.1', 'RFC6749-5.2'], OAUTH_ENDPOINTS, {
    acceptWrongSecret: true,
  }),
  conformance('refresh-token-issued', 'a refresh_token is issued with client credentials', ['RFC6749-4.4.3'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).refresh_token = 'fault-refresh-token-value';
    },
  }),
  conformance('wrong-error-code', 'errors carry a different (valid but wrong) RFC 6749 §5.2 code', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => {
      if (isError(r)) body(r).error = WRONG_CODE[String(body(r).error)] ?? 'invalid_request';
    },
  }),
  conformance('expires-in-string', 'expires_in is a JSON string', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).expires_in = String(body(r).expires_in);
    },
  }),
  conformance('expires-in-zero', 'expires_in is 0', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) body(r).expires_in = 0;
    },
  }),
  conformance('expires-in-missing', 'expires_in is left out', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) delete body(r).expires_in;
    },
  }),
  conformance('no-token-type', 'token_type is left out', ['RFC6749-5.1'], ['token'], {
    response: (r) => {
      if (isTokenSuccess(r)) delete body(r).token_type;
    },
  }),
  conformance('non-json-content-type', 'token and error responses are labelled text/plain', ['RFC6749-5.1', 'RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => setHeader(r, 'Content-Type', 'text/plain'),
  }),
  conformance('html-error-body', 'errors come back as an HTML page', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    response: (r) => {
      if (r.status >= 400) {
        r.body = `<html><body><h1>Error ${r.status}</h1></body></html>`;
        setHeader(r, 'Content-Type', 'text/html');
      }
    },
  }),
  conformance('jwks-private-members', 'the JWKS publishes the private key members', ['RFC7517-9.2'], ['jwks'], {
    jwks: (set, priv) => {
      set.keys = set.keys.map((k) => ({ ...(priv.find((p) => p.kid === k.kid) ?? {}), ...k }));
    },
  }),
  conformance('jwks-duplicate-kid', 'two JWKS keys share one kid', ['RFC7517-4.5'], ['jwks'], {
    jwks: (set) => {
      const first = set.keys[0];
      if (first) set.keys.push({ ...first, n: first.n ? `${first.n.slice(0, -2)}AQ` : first.n, x: first.x ? `${first.x.slice(0, -2)}AQ` : first.x });
    },
  }),
  conformance('jwt-no-exp', 'JWT access tokens have no exp claim', ['RFC9068-2.2', 'RFC7519-4.1.4'], ['token'], {
    jwt: (t) => {
      delete t.payload.exp;
    },
  }),
  conformance('jwt-typ-jwt', 'JWT access tokens have typ JWT instead of at+jwt', ['RFC9068-2.1'], ['token'], {
    jwt: (t) => {
      t.header.typ = 'JWT';
    },
  }),
  conformance('jwt-unknown-kid', 'JWT access tokens name a kid the JWKS does not have', ['RFC9068-4', 'RFC7515-4.1.4'], ['token'], {
    jwt: (t) => {
      t.header.kid = 'kid-not-in-jwks';
    },
  }),
  conformance('jwt-foreign-key', 'JWT access tokens are signed by a key that is not in the JWKS', ['RFC9068-4'], ['token'], {
    signing: 'foreign-key',
  }),
  conformance('jwt-alg-none', 'JWT access tokens are unsigned (alg none)', ['RFC9068-2.1', 'RFC9068-4'], ['token'], {
    signing: 'none',
  }),
  conformance('jwt-exp-mismatch', 'exp - iat differs from expires_in by ten minutes', ['RFC7519-4.1.4', 'RFC6749-5.1'], ['token'], {
    jwt: (t) => {
      if (typeof t.payload.exp === 'number') t.payload.exp += 600;
    },
  }),
  conformance('discovery-issuer-mismatch', 'the metadata issuer differs from the issuer (trailing slash)', ['RFC8414-3.3'], ['metadata'], {
    metadata: (d) => {
      d.issuer = `${String(d.issuer)}/`;
    },
  }),
  conformance('discovery-no-token-endpoint', 'the metadata has no token_endpoint', ['RFC8414-2'], ['metadata'], {
    metadata: (d) => {
      delete d.token_endpoint;
    },
  }),
  conformance('discovery-relative-urls', 'metadata endpoint URLs are relative paths', ['RFC8414-2'], ['metadata'], {
    metadata: (d) => {
      for (const k of Object.keys(d)) {
        if ((k.endsWith('_endpoint') || k === 'jwks_uri') && typeof d[k] === 'string') d[k] = new URL(String(d[k])).pathname;
      }
    },
  }),
  conformance('revoked-token-active', 'a revoked token stays active', ['RFC7009-2', 'RFC7662-2.2'], ['revocation', 'introspection', 'resource'], {
    ignoreRevocation: true,
  }),
  conformance('server-error-on-bad-request', 'a malformed request body answers 500 instead of 400', ['RFC6749-5.2'], OAUTH_ENDPOINTS, {
    serverErrorOnBadRequest: true,
  }),
  {
    name: 'latency',
    description: 'responses are delayed by delayMs (default 500 ms)',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: (p) => ({
      operational: async () => {
        await sleep(p.delayMs ?? 500);
        return 'continue';
      },
    }),
  },
  {
    name: 'rate-limited',
    description: '429 Too Many Requests with Retry-After (default 1 s)',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: (p) => ({
      operational: async (_req, res) => {
        const text = JSON.stringify({ error: 'slow_down', error_description: 'rate limit exceeded' });
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(p.retryAfter ?? 1), 'Cache-Control': 'no-store', Pragma: 'no-cache' });
        res.end(text);
        return 'handled';
      },
    }),
  },
  {
    name: 'unavailable',
    description: '503 temporarily_unavailable with Retry-After (RFC 6749 §4.1.2.1 code, RFC 7009 §2.2.1)',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: (p) => ({
      operational: async (_req, res) => {
        const text = JSON.stringify({ error: 'temporarily_unavailable', error_description: 'the server is temporarily unavailable' });
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': String(p.retryAfter ?? 1), 'Cache-Control': 'no-store', Pragma: 'no-cache' });
        res.end(text);
        return 'handled';
      },
    }),
  },
  {
    name: 'connection-reset',
    description: 'the TCP connection is reset before any response',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: () => ({
      operational: async (req) => {
        req.socket.resetAndDestroy();
        return 'handled';
      },
    }),
  },
  {
    name: 'truncated-body',
    description: 'the response promises more bytes than it sends, then the connection closes',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: () => ({
      operational: async (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 512 });
        res.write('{"access_token":"');
        setImmediate(() => res.destroy());
        return 'handled';
      },
    }),
  },
  {
    name: 'hang',
    description: 'the request is accepted and never answered (until the idle timeout closes it)',
    breaks: [],
    endpoints: [],
    kind: 'operational',
    hooks: () => ({
      operational: async () => 'handled',
    }),
  },
];

export const FAULTS_BY_NAME = new Map(FAULTS.map((f) => [f.name, f]));
