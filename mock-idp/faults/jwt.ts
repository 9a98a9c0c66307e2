// Faults of JWT access tokens (RFC 9068, RFC 7519) and the vendor claims documented for them.
import { conformance, type FaultDefinition } from './types.ts';

const VENDOR_TOKENS = ['generic', 'oci-iam'];

export const JWT_FAULTS: FaultDefinition[] = [
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
  // kid is OPTIONAL in RFC 7515; only OCI IAM documents it (x5t/kid) on every token.
  conformance(
    'jwt-no-kid',
    'JWT access tokens carry no kid header',
    ['VENDOR-OCI-IAM'],
    ['token'],
    {
      jwt: (t) => {
        delete t.header.kid;
      },
    },
    ['oci-iam'],
  ),
  conformance('jwt-foreign-key', 'JWT access tokens are signed by a key that is not in the JWKS', ['RFC9068-4'], ['token'], {
    signing: 'foreign-key',
  }),
  conformance('jwt-alg-none', 'JWT access tokens are unsigned (alg none)', ['RFC9068-2.1', 'RFC9068-4'], ['token'], {
    signing: 'none',
  }),
  conformance(
    'jwt-hs256',
    'JWT access tokens are signed with HS256 and a secret no client has',
    ['RFC9068-2.1', 'RFC9068-4'],
    ['token'],
    {
      signing: 'hs256',
    },
    VENDOR_TOKENS,
  ),
  conformance('jwt-exp-mismatch', 'exp - iat differs from expires_in by ten minutes', ['RFC7519-4.1.4', 'RFC6749-5.1'], ['token'], {
    jwt: (t) => {
      if (typeof t.payload.exp === 'number') t.payload.exp += 600;
    },
  }),
  conformance('jwt-iat-milliseconds', 'iat and exp are in milliseconds, not seconds', ['RFC7519-2', 'RFC9068-2.2'], ['token'], {
    jwt: (t) => {
      for (const k of ['iat', 'exp']) if (typeof t.payload[k] === 'number') t.payload[k] = t.payload[k] * 1000;
    },
  }),
  conformance('jwt-client-id-missing', 'JWT access tokens have no client_id claim', ['RFC9068-2.2'], ['token'], {
    jwt: (t) => {
      delete t.payload.client_id;
    },
  }),
  conformance('jwt-iss-mismatch', 'the JWT iss differs from the issuer (trailing slash)', ['RFC9068-2.2', 'RFC8414-3.3'], ['token'], {
    jwt: (t) => {
      t.payload.iss = `${String(t.payload.iss)}/`;
    },
  }),
  conformance(
    'jwt-sub-not-client',
    'the JWT sub is a service-account id, not the client_id',
    ['RFC9068-2.2'],
    ['token'],
    {
      jwt: (t) => {
        t.payload.sub = `service-account-${String(t.payload.sub)}`;
      },
    },
    VENDOR_TOKENS,
  ),
  conformance(
    'jwt-scope-array',
    'the JWT scope claim is an array instead of a space-delimited string',
    ['RFC9068-2.2.3'],
    ['token'],
    {
      jwt: (t) => {
        if (typeof t.payload.scope === 'string') t.payload.scope = t.payload.scope.split(' ');
      },
    },
    VENDOR_TOKENS,
  ),
  conformance('jwt-no-aud', 'JWT access tokens have no aud claim', ['RFC9068-2.2', 'RFC9700-2.3'], ['token'], {
    jwt: (t) => {
      delete t.payload.aud;
    },
  }),
  conformance(
    'jwt-user-claims',
    'client tokens carry user claims (username, email, name, user_id …)',
    ['RFC9700-4.15', 'RFC9068-2.2'],
    ['token'],
    {
      jwt: (t) => {
        Object.assign(t.payload, {
          preferred_username: 'jdoe',
          email: 'jdoe@example.com',
          name: 'J. Doe',
          user_id: 'u-1',
          user_displayname: 'J. Doe',
          user_tenantname: 'example',
        });
      },
    },
    VENDOR_TOKENS,
  ),
  conformance(
    'vendor-claims-missing',
    'the vendor claims sub_type and tok_type are left out',
    ['VENDOR-OCI-IAM', 'VENDOR-ORACLE-INTEGRATION'],
    ['token'],
    {
      jwt: (t) => {
        delete t.payload.sub_type;
        delete t.payload.tok_type;
      },
    },
    ['oci-iam', 'oracle-integration'],
  ),
  conformance(
    'jwt-aud-issuer',
    'the JWT aud is the issuer instead of the primary audience (the integration instance)',
    ['VENDOR-ORACLE-INTEGRATION'],
    ['token'],
    {
      jwt: (t) => {
        t.payload.aud = t.payload.iss;
      },
    },
    ['oracle-integration'],
  ),
  conformance(
    'token-format-switched',
    'access tokens are opaque instead of the documented JWTs',
    ['VENDOR-AVEVA-CONNECT', 'VENDOR-OCI-IAM'],
    ['token'],
    {
      tokenFormat: 'opaque',
    },
    ['aveva-connect', 'oci-iam'],
  ),
];
