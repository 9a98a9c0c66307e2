// The resource-server cases of `idp-conformance api`, as data (a typed table rather than a YAML suite: each case
// is a token the mock mints plus the request to send, and each check a predicate over the answer). Every check
// names the requirement it judges and a level taken from that requirement's text for the resource server
// (docs/requirements.md): a MUST check fails only on an answer the sentence forbids.
import type { Level } from '../report/model.ts';
import type { MintOptions } from '../../mock-idp/index.ts';

/** What the API answered to one request. */
export interface ApiAnswer {
  status: number;
  /** WWW-Authenticate, when sent. */
  challenge: string | undefined;
  cacheControl: string | undefined;
}

/** The outcome of one predicate: met, not met (with why), or not applicable (skip, with why). */
export type Judgement = { met: true; message: string } | { met: false; message: string } | { skip: string };

export interface ApiCheck {
  id: string;
  title: string;
  level: Level;
  requirements: string[];
  judge: (a: ApiAnswer) => Judgement;
}

/** How the token of a case is sent. */
export type Delivery = 'header' | 'none' | 'query' | { authorization: string };

export interface ApiCase {
  id: string;
  title: string;
  /** The token to mint (undefined: none); `rotate`: the mock rotates its signing key first. */
  token?: MintOptions;
  rotate?: boolean;
  delivery: Delivery;
  checks: ApiCheck[];
}

const is2xx = (s: number) => s >= 200 && s < 300;
const bearer = (c: string | undefined) => c !== undefined && /^bearer(\s|$)/i.test(c.trim());
/** The error parameter of a Bearer challenge (RFC 6750 §3: error="…"). */
export function challengeError(c: string | undefined): string | undefined {
  return c === undefined ? undefined : /(?:^|[\s,])error\s*=\s*"?([A-Za-z0-9_]+)"?/i.exec(c)?.[1];
}
const shown = (a: ApiAnswer) =>
  `${a.status}${a.challenge === undefined ? ' without WWW-Authenticate' : ` with WWW-Authenticate: ${a.challenge}`}`;

const ok = (message: string): Judgement => ({ met: true, message });
const notOk = (message: string): Judgement => ({ met: false, message });

/** RFC 9068 §4 / RFC 7519: the token must not be accepted at all. */
function refused(requirements: string[], what: string): ApiCheck {
  return {
    id: 'refused',
    title: `refuses a token ${what}`,
    level: 'MUST',
    requirements,
    judge: (a) => (is2xx(a.status) ? notOk(`accepted a token ${what}: ${a.status}`) : ok(`refused: ${shown(a)}`)),
  };
}

/** RFC 6750 §3.1 invalid_token: "The resource SHOULD respond with the HTTP 401 (Unauthorized) status code." */
const status401: ApiCheck = {
  id: 'status-401',
  title: 'answers 401 Unauthorized',
  level: 'SHOULD',
  requirements: ['RFC6750-3.1'],
  judge: (a) =>
    a.status === 401 ? ok('401') : is2xx(a.status) ? { skip: 'the token was accepted' } : notOk(`answered ${shown(a)}, not 401`),
};

/**
 * RFC 6750 §3: "If the protected resource request does not include authentication credentials or does not contain an
 * access token that enables access to the protected resource, the resource server MUST include the HTTP
 * "WWW-Authenticate" response header field"; "All challenges defined by this specification MUST use the auth-scheme
 * value "Bearer"". Whatever the refusal's status (400, 401, 403).
 */
const challenge: ApiCheck = {
  id: 'challenge',
  title: 'the refusal carries WWW-Authenticate: Bearer',
  level: 'MUST',
  requirements: ['RFC6750-3'],
  judge: (a) =>
    is2xx(a.status)
      ? { skip: 'the request was accepted' }
      : bearer(a.challenge)
        ? ok(`WWW-Authenticate: ${a.challenge}`)
        : notOk(
            a.challenge === undefined
              ? `${a.status} without WWW-Authenticate`
              : `WWW-Authenticate is not a Bearer-scheme challenge: ${a.challenge}`,
          ),
};

/**
 * RFC 9068 §4: "in case of any failure in the validation checks listed above, the authorization server response
 * MUST include the error code "invalid_token"" (the resource server's response, RFC 6750 §3.1).
 */
const invalidToken: ApiCheck = {
  id: 'invalid-token',
  title: 'the challenge says error="invalid_token"',
  level: 'MUST',
  requirements: ['RFC9068-4'],
  judge: (a) => {
    if (is2xx(a.status)) return { skip: 'the token was accepted' };
    const error = challengeError(a.challenge);
    return error === 'invalid_token' ? ok('error="invalid_token"') : notOk(`no error="invalid_token" in the answer: ${shown(a)}`);
  },
};

/** A JWT the resource server must refuse (RFC 9068 §4): refused, 401, Bearer challenge, invalid_token. */
function badJwt(id: string, title: string, token: MintOptions, requirements: string[]): ApiCase {
  return {
    id,
    title: `a token ${title}`,
    token,
    delivery: 'header',
    checks: [refused(requirements, title), status401, challenge, invalidToken],
  };
}

export const API_CASES: readonly ApiCase[] = [
  {
    id: 'valid-token',
    title: 'a valid access token in the Authorization header',
    token: {},
    delivery: 'header',
    checks: [
      {
        id: 'accepted',
        title: 'accepts a valid token (2xx)',
        level: 'MUST',
        // "Resource servers MUST support this method" (the Authorization: Bearer header).
        requirements: ['RFC6750-2.1'],
        judge: (a) => (is2xx(a.status) ? ok(`accepted: ${a.status}`) : notOk(`refused a valid token: ${shown(a)}`)),
      },
    ],
  },
  badJwt('expired', 'that has expired (exp in the past)', { expired: true }, ['RFC9068-4']),
  badJwt('not-yet-valid', 'that is not yet valid (nbf in the future)', { notBefore: true }, ['RFC7519-4.1.5']),
  badJwt('wrong-audience', 'for another audience (aud)', { aud: 'https://another-api.example' }, ['RFC9068-4']),
  badJwt('wrong-issuer', 'from another issuer (iss)', { iss: 'https://another-issuer.example' }, ['RFC9068-4']),
  badJwt('alg-none', 'with alg "none" (unsecured)', { alg: 'none' }, ['RFC9068-4', 'RFC8725-3.1']),
  badJwt('hs256-public-key', 'signed HS256 with the public key (key confusion)', { alg: 'HS256-with-public-key' }, [
    'RFC9068-4',
    'RFC8725-3.1',
  ]),
  badJwt('unknown-kid', 'with a kid the JWKS does not publish', { kid: 'unknown' }, ['RFC9068-4']),
  badJwt('unpublished-key', 'signed by a key the JWKS does not publish', { signedBy: 'unpublished-key' }, ['RFC9068-4']),
  badJwt('wrong-typ', 'with typ "JWT", not "at+jwt"', { typ: 'JWT' }, ['RFC9068-4']),
  {
    id: 'missing-scope',
    title: 'a valid token without the scope the resource requires',
    token: { scope: '' },
    delivery: 'header',
    checks: [
      {
        id: 'insufficient-scope',
        title: 'answers 403 with error="insufficient_scope"',
        level: 'SHOULD',
        // insufficient_scope: "The resource server SHOULD respond with the HTTP 403 (Forbidden) status code".
        requirements: ['RFC6750-3.1'],
        judge: (a) =>
          a.status === 403 && challengeError(a.challenge) === 'insufficient_scope'
            ? ok(`403 with ${a.challenge}`)
            : notOk(`answered ${shown(a)} to a token with no scope (expected 403 with error="insufficient_scope")`),
      },
      challenge,
    ],
  },
  {
    id: 'no-token',
    title: 'a request without any token',
    delivery: 'none',
    checks: [
      {
        id: 'refused',
        title: 'refuses a request without a token',
        level: 'MUST',
        requirements: ['RFC6750-3'],
        judge: (a) => (is2xx(a.status) ? notOk(`accepted a request without a token: ${a.status}`) : ok(`refused: ${shown(a)}`)),
      },
      challenge,
      {
        id: 'no-error-code',
        title: 'no error code in the challenge when no token was sent',
        level: 'SHOULD',
        // "If the request lacks any authentication information …, the resource server SHOULD NOT include an error code".
        requirements: ['RFC6750-3.1'],
        judge: (a) => {
          const error = challengeError(a.challenge);
          return a.status !== 401 || !bearer(a.challenge)
            ? { skip: 'no Bearer-scheme challenge to look at' }
            : error === undefined
              ? ok('no error code')
              : notOk(`error="${error}" in the challenge of a request that carried no token`);
        },
      },
    ],
  },
  {
    id: 'query-token',
    title: 'a valid token in the access_token query parameter',
    token: {},
    delivery: 'query',
    checks: [
      {
        id: 'answered',
        title: 'the query method is optional: accepting or refusing it both conform',
        level: 'MAY',
        // "Resource servers MAY support this method."
        requirements: ['RFC6750-2.3'],
        judge: (a) => ok(is2xx(a.status) ? `accepted: ${a.status}` : `refused: ${shown(a)}`),
      },
      {
        id: 'cache-private',
        title: 'a 2xx answer to a query-parameter token carries Cache-Control: private',
        level: 'SHOULD',
        // "Server success (2XX status) responses to these requests SHOULD contain a Cache-Control header with the "private" option."
        requirements: ['RFC6750-2.3'],
        judge: (a) =>
          !is2xx(a.status)
            ? { skip: 'the query-parameter token was refused' }
            : /(^|[\s,])private\b/i.test(a.cacheControl ?? '')
              ? ok(`Cache-Control: ${a.cacheControl}`)
              : notOk(`2xx without Cache-Control: private (${a.cacheControl ?? 'no Cache-Control'})`),
      },
    ],
  },
  {
    id: 'malformed-header',
    title: 'a malformed Authorization header (the Bearer scheme with no token)',
    delivery: { authorization: 'Bearer' },
    checks: [
      {
        id: 'refused',
        title: 'refuses a malformed Authorization header',
        level: 'MUST',
        requirements: ['RFC6750-3'],
        judge: (a) => (is2xx(a.status) ? notOk(`accepted a request with no token: ${a.status}`) : ok(`refused: ${shown(a)}`)),
      },
      {
        id: 'status',
        title: 'answers 400 (invalid_request) or 401',
        level: 'SHOULD',
        // invalid_request: "The resource server SHOULD respond with the HTTP 400 (Bad Request) status code."
        requirements: ['RFC6750-3.1'],
        judge: (a) => (a.status === 400 || a.status === 401 ? ok(String(a.status)) : notOk(`answered ${shown(a)}, not 400 or 401`)),
      },
      challenge,
    ],
  },
  {
    id: 'rotated-key',
    title: 'a valid token signed with the key the mock rotated to mid-run',
    rotate: true,
    token: {},
    delivery: 'header',
    checks: [
      {
        id: 'accepted',
        title: 'accepts a token signed with a newly published key (JWKS refetched on an unknown kid)',
        level: 'SHOULD',
        // The verifier "knows to go back to the jwks_uri location to re-retrieve the keys when it sees an unfamiliar
        // kid value" (OpenID Connect Core §10.1.1): guidance, no MUST, hence SHOULD.
        requirements: ['OIDC-CORE-10.1.1'],
        judge: (a) =>
          is2xx(a.status) ? ok(`accepted: ${a.status}`) : notOk(`refused a valid token signed with the rotated key: ${shown(a)}`),
      },
    ],
  },
];
