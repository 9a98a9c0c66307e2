// Client secrets are held only as SHA-256 hashes and compared in constant time (RFC 6749 §10.10 guessing,
// timing side channels). A fast hash on purpose: the mock verifies a secret on every token request.
import { createHash, timingSafeEqual } from 'node:crypto';

export type SecretHash = Buffer;

export function hashSecret(secret: string): SecretHash {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function parseSecretHash(text: string): SecretHash {
  return Buffer.from(text.slice('sha256:'.length), 'hex');
}

export function formatSecretHash(hash: SecretHash): string {
  return `sha256:${hash.toString('hex')}`;
}

export function secretMatches(candidate: string, stored: SecretHash): boolean {
  return timingSafeEqual(hashSecret(candidate), stored);
}
