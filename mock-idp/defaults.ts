// The mock's own defaults (where it listens, its realm, key algorithm, limits). The defaults of behaviours a
// vendor may change are data in fixtures/profiles/generic.yaml; mock-idp/settings.ts merges both with the config.

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  profile: 'generic',
  /** Realm of the WWW-Authenticate challenges (RFC 6749 §5.2, RFC 6750 §3). */
  realm: 'idp-conformance',
  tokens: {
    alg: 'RS256' as SigningAlg,
  },
  /**
   * The client a mock configured with none starts with, so its printed curl line works as pasted. It gets the
   * scope and the first role the profile's sample resource asks for (clients.ts defaultClientConfig).
   */
  client: { id: 'mock-client', secret: 'mock-secret' },
  privateKeyJwt: {
    /** Longest accepted assertion lifetime (exp - now), seconds: RFC 7523 §3 asks for a short exp. */
    maxLifetime: 300,
    /** Clock skew tolerated on exp / nbf / iat, seconds. */
    clockTolerance: 30,
  },
  limits: {
    /** Request bodies above this get 413. */
    maxBodyBytes: 64 * 1024,
    /** node:http headersTimeout / requestTimeout / idle socket timeout, milliseconds. */
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    idleTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
  },
};

export type SigningAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
export const SIGNING_ALGS: SigningAlg[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** Algorithms accepted on client assertions (RFC 7523); never "none" or symmetric ones (RFC 8414 §2). */
export const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
