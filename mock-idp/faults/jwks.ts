// Faults of the JWK Set (RFC 7517 §4, §5, §9.2; RFC 7518 §3.3) and its vendor shape.
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { body, conformance, setHeader, type FaultDefinition } from './types.ts';

/** A self-signed certificate for a key that is not in any JWKS (x5c that does not match its JWK). */
const FOREIGN_CERT =
  'MIIDGTCCAgGgAwIBAgIUTGn/90Y21Jy4FhRlKpGBLyqykZ8wDQYJKoZIhvcNAQELBQAwGzEZMBcGA1UEAwwQbm90LXRoZS1qd2tzLWtleTAgFw0yNjExMjIxODA1MzlaGA8yMTI2MTAyOTE4MDUzOVowGzEZMBcGA1UEAwwQbm90LXRoZS1qd2tzLWtleTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBALopFR465Xei1iyw8SVLXPrCZsSWiUZ1VOm8BaIGmwrrDtcHHgW/w5pXZuI0IOB2bkNaAjDz82c9l0q64n1NqAKnpjGVwCFQpPCLpyCWFGHcKPrf20LwnvG9MhCvgD6axejYdQoE17EpcNTUKwTmHbGWbvVfOJc9sHlhvbGEYYc0adG9yfU58Z15xO2qZQ5kD1mxJnv8cVUXYyTGlN4M6b/GFitUJDVLJjDo6l2mlLxUNfgenC8ld2TILdiLLqKztYzvkAHu/XTbjxH/F7H9DsljnQ2Ots98U/MoGbj8XW4OLBr7IXUITEhyERE2mzPPRwm5qX0DMvHu4BQC/loxNxUCAwEAAaNTMFEwHQYDVR0OBBYEFKT7/rNswy+FThcJxzSmODjzCoo1MB8GA1UdIwQYMBaAFKT7/rNswy+FThcJxzSmODjzCoo1MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAKmuVoHHWd3hTmw4rLEPbL+dNu7AisqFbX1dwu9zdAbt9zSPhxk144yHdxdWXE9b4G40WCiwWkt3krR/5ICJwXNnv9UeEtxrJfD84zmsDwHQcalWfKpC3mExKpYWl1IWgjEo/+nJvMi9I5VROoS81xiajRE8a8qLvtbw2StysSjS5nwy4ZONyBnAJzTQ6Nntfsgq75KR5QSIYD7NRiw0ETFBvovyeCTaLykH/yq1gZjjDFwGMKvHf5C7MO20iyZ0iKePELONVcVbP1Q40U7qGrBmj55+W+hnvwIZokWHle+RlaAY97WZv4H90u90BfhL77i3y7kaR2zJxjBa2pwNGfc=';

const extraKey = (type: 'rsa' | 'ec', kid: string): (() => JWK) => {
  let jwk: JWK | undefined;
  return () => {
    jwk ??= {
      ...(type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' })
        : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })),
      kid,
      use: 'sig',
      alg: type === 'rsa' ? 'RS256' : 'ES256',
    } as JWK;
    return jwk;
  };
};
const rsa1024 = extraKey('rsa', 'fault-rsa-1024');
const ecKey = extraKey('ec', 'fault-ec-p256');

export const JWKS_FAULTS: FaultDefinition[] = [
  conformance('jwks-private-members', 'the JWKS publishes the private key members', ['RFC7517-9.2'], ['jwks'], {
    jwks: (set, priv) => {
      set.keys = set.keys.map((k) => ({ ...(priv.find((p) => p.kid === k.kid) ?? {}), ...k }));
    },
  }),
  conformance('jwks-duplicate-kid', 'two JWKS keys share one kid', ['RFC7517-4.5'], ['jwks'], {
    jwks: (set) => {
      const first = set.keys[0];
      if (first)
        set.keys.push({ ...first, n: first.n ? `${first.n.slice(0, -2)}AQ` : first.n, x: first.x ? `${first.x.slice(0, -2)}AQ` : first.x });
    },
  }),
  conformance('jwks-no-kid', 'JWKS keys have no kid', ['RFC7517-4.5'], ['jwks'], {
    jwks: (set) => {
      for (const k of set.keys) delete k.kid;
    },
  }),
  conformance('jwks-unauthorized', 'the JWKS requires client authentication (401)', ['RFC7517-5', 'RFC8414-2'], ['jwks'], {
    response: (r) => {
      r.status = 401;
      r.body = { error: 'invalid_client', error_description: 'client authentication required' };
    },
  }),
  conformance('jwks-text-plain', 'the JWKS is labelled text/plain', ['RFC7517-8.5'], ['jwks'], {
    response: (r) => setHeader(r, 'Content-Type', 'text/plain'),
  }),
  conformance('jwks-bare-key', 'a single JWK is served instead of a JWK Set', ['RFC7517-5'], ['jwks'], {
    response: (r) => {
      const keys = body(r).keys;
      if (Array.isArray(keys)) r.body = keys[0];
    },
  }),
  conformance('jwks-use-key-ops-conflict', 'keys say use sig and key_ops [encrypt]', ['RFC7517-4.3'], ['jwks'], {
    jwks: (set) => {
      for (const k of set.keys) k.key_ops = ['encrypt'];
    },
  }),
  conformance('jwks-x5c-mismatch', 'x5c holds the certificate of another key', ['RFC7517-4.7'], ['jwks'], {
    jwks: (set) => {
      for (const k of set.keys) k.x5c = [FOREIGN_CERT];
    },
  }),
  conformance('jwks-rsa-1024', 'the JWKS also publishes a 1024-bit RSA key', ['RFC7518-3.3'], ['jwks'], {
    jwks: (set) => {
      set.keys.push(rsa1024());
    },
  }),
  conformance(
    'jwks-extra-ec-key',
    'the JWKS also publishes an EC key where the vendor documents RSA only',
    ['VENDOR-OCI-IAM'],
    ['jwks'],
    {
      jwks: (set) => {
        set.keys.push(ecKey());
      },
    },
    ['oci-iam'],
  ),
];
