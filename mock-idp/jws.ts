// JWS compact serialization (RFC 7515 §7.1) of the mock's access tokens, signed with node:crypto directly.
// jose's SignJWT goes through WebCrypto; node:crypto's asynchronous sign() measured about twice jose's rate
// here for ES256 (43k vs 20–25k signs/s), which the token endpoint's throughput target needs. Every token is
// still verified with jose in the tests and by the interop test with openid-client.
import { constants, createHmac, sign, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import type { SigningAlg } from './defaults.ts';

/** RFC 7518 §3: the digest and key options of each signing algorithm. */
function signParams(alg: SigningAlg, key: KeyObject): { digest: string | null; key: SignKeyObjectInput } {
  switch (alg) {
    case 'RS256':
      return { digest: 'sha256', key: { key } };
    case 'PS256':
      // RFC 7518 §3.5: MGF1 with SHA-256, salt as long as the hash.
      return { digest: 'sha256', key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } };
    case 'ES256':
      // RFC 7518 §3.4: R || S, each 32 bytes, not DER.
      return { digest: 'sha256', key: { key, dsaEncoding: 'ieee-p1363' } };
    case 'EdDSA':
      return { digest: null, key: { key } };
  }
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The signing input of a JWS (RFC 7515 §5.1): base64url(header) "." base64url(payload). */
const signingInput = (header: Record<string, unknown>, payload: Record<string, unknown>): string => `${encode(header)}.${encode(payload)}`;

/** An unsecured JWS (RFC 7515 Appendix A.5, alg "none"): only the jwt-alg-none fault issues one. */
export function unsecuredJws(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${signingInput({ ...header, alg: 'none' }, payload)}.`;
}

/** HS256 is never a mock signing algorithm: only the jwt-hs256 fault signs with it (with a secret no one has). */
export function signJws(
  header: Record<string, unknown> & { alg: SigningAlg | 'HS256' },
  payload: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  const input = signingInput(header, payload);
  if (header.alg === 'HS256') return Promise.resolve(`${input}.${createHmac('sha256', key).update(input).digest('base64url')}`);
  const { digest, key: keyInput } = signParams(header.alg, key);
  return new Promise((resolve, reject) =>
    sign(digest, Buffer.from(input), keyInput, (err, signature) =>
      err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`),
    ),
  );
}
