// Signing keys: generated at start (asynchronously, so the listener is up while an RSA key is made) or
// loaded from private JWK files. kid defaults to the RFC 7638 thumbprint (a start-up key shared by several
// instances, key-cache.ts: thumbprint + a random suffix per instance). Retired keys stay published until
// their retention ends (RFC 9068 §4: tokens must stay verifiable for their lifetime).
import type { JsonWebKey } from 'node:crypto';
import { createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, importJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import type { SigningAlg } from './defaults.ts';
import { sharedKeyPair, type KeyPair, type KeyType } from './key-cache.ts';

const generate = promisify(generateKeyPair);

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  /** A node:crypto KeyObject: mock-idp/jws.ts signs with node:crypto directly. */
  privateKey: KeyObject;
  /** The private key as a JWK, kept so durable state (--state) can keep tokens verifiable across restarts. */
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: number;
  /** Set when rotated out: the key no longer signs but stays in the JWKS until retiredUntil. */
  retiredAt?: number;
  retiredUntil?: number;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'n', 'e', 'x', 'y'] as const;

export function publicPart(jwk: JWK): JWK {
  const out: JWK = {};
  for (const m of PUBLIC_MEMBERS) if (jwk[m] !== undefined) (out as Record<string, unknown>)[m] = jwk[m];
  return out;
}

/**
 * An RSA key pair the CLI started generating before it loaded (bin/idp-conformance.js, `mock` only): RSA
 * generation takes 80–200 ms here, so it runs in the thread pool while the modules load. Used once.
 */
function takePrewarmedRsa(): Promise<KeyPair> | undefined {
  const g = globalThis as { __IDP_CONFORMANCE_RSA__?: Promise<KeyPair> };
  const pair = g.__IDP_CONFORMANCE_RSA__;
  g.__IDP_CONFORMANCE_RSA__ = undefined;
  return pair;
}

const KEY_TYPE: Record<SigningAlg, KeyType> = { RS256: 'rsa', PS256: 'rsa', ES256: 'ec', EdDSA: 'ed25519' };

async function generatePair(alg: SigningAlg): Promise<KeyPair> {
  switch (KEY_TYPE[alg]) {
    case 'rsa':
      return takePrewarmedRsa() ?? generate('rsa', { modulusLength: 2048 });
    case 'ec':
      return generate('ec', { namedCurve: 'P-256' });
    case 'ed25519':
      return generate('ed25519');
  }
}

/**
 * A signing key of an algorithm. 'fresh' (rotation, faults, `keys: fresh`): new key material. 'shared' (a
 * mock's generated start-up key): the process's key of that type, from the per-user cache (key-cache.ts), under
 * a kid of this instance's own (thumbprint + a random suffix), so no two instances publish the same kid.
 */
export async function generateSigningKey(
  alg: SigningAlg,
  nowSeconds: number,
  kid?: string,
  material: 'fresh' | 'shared' = 'fresh',
): Promise<SigningKey> {
  const { privateKey, publicKey } =
    material === 'shared' ? await sharedKeyPair(KEY_TYPE[alg], () => generatePair(alg)) : await generatePair(alg);
  const publicJwk = publicPart(await exportJWK(publicKey));
  const privateJwk = privateKey.export({ format: 'jwk' }) as JWK;
  const thumbprint = kid === undefined ? await calculateJwkThumbprint(publicJwk) : '';
  const ownKid = kid ?? (material === 'shared' ? `${thumbprint}-${randomBytes(6).toString('base64url')}` : thumbprint);
  return { kid: ownKid, alg, privateKey, privateJwk, publicJwk, createdAt: nowSeconds };
}

export async function importSigningKey(jwk: JWK, alg: SigningAlg, nowSeconds: number, kid?: string): Promise<SigningKey> {
  if (!jwk.d) throw new Error('the JWK has no private part ("d")');
  // Validates the JWK for the algorithm (jose), then keeps it as a KeyObject for node:crypto signing.
  await importJWK(jwk, alg);
  const privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const publicJwk = publicPart(jwk);
  const privateJwk = { ...publicJwk, d: jwk.d, ...pick(jwk, ['p', 'q', 'dp', 'dq', 'qi']) };
  return {
    kid: kid ?? jwk.kid ?? (await calculateJwkThumbprint(publicJwk)),
    alg,
    privateKey,
    privateJwk,
    publicJwk,
    createdAt: nowSeconds,
  };
}

function pick(jwk: JWK, members: string[]): JWK {
  const out: Record<string, unknown> = {};
  for (const m of members) if ((jwk as Record<string, unknown>)[m] !== undefined) out[m] = (jwk as Record<string, unknown>)[m];
  return out;
}

/** A key as durable state stores it: the private JWK plus its lifecycle times. */
export interface StoredKey {
  kid: string;
  alg: SigningAlg;
  privateJwk: JWK;
  createdAt: number;
  retiredAt?: number;
  retiredUntil?: number;
}

export function storeKey(k: SigningKey): StoredKey {
  return { kid: k.kid, alg: k.alg, privateJwk: k.privateJwk, createdAt: k.createdAt, retiredAt: k.retiredAt, retiredUntil: k.retiredUntil };
}

export async function restoreKey(s: StoredKey): Promise<SigningKey> {
  const key = await importSigningKey(s.privateJwk, s.alg, s.createdAt, s.kid);
  return { ...key, retiredAt: s.retiredAt, retiredUntil: s.retiredUntil };
}

export class KeyStore {
  private keys: SigningKey[] = [];
  private pending: Promise<void> | undefined;
  /** Resolver over the published keys (verification of the mock's own tokens), rebuilt when they change. */
  private verifierCache: { kids: string; resolver: JWTVerifyGetKey } | undefined;

  /** Start loading keys; signing waits for them, the listener does not. */
  load(loader: () => Promise<SigningKey[]>): void {
    this.pending = loader().then((keys) => {
      this.keys = keys;
      this.verifierCache = undefined;
      this.pending = undefined;
    });
  }

  async ready(): Promise<void> {
    if (this.pending) await this.pending;
  }

  /** The key that signs new tokens: the newest one not retired. */
  async signingKey(): Promise<SigningKey> {
    if (this.pending) await this.pending;
    const key = this.keys.find((k) => k.retiredAt === undefined);
    if (!key) throw new Error('no active signing key');
    return key;
  }

  /** Keys still published at a time (seconds): active ones and retired ones within retention. */
  published(nowSeconds: number): SigningKey[] {
    return this.keys.filter((k) => k.retiredUntil === undefined || k.retiredUntil > nowSeconds);
  }

  all(): SigningKey[] {
    return [...this.keys];
  }

  /** Put a new key in front; the previous signing key is retired and kept for retentionSeconds. */
  rotate(next: SigningKey, nowSeconds: number, retentionSeconds: number): void {
    for (const k of this.keys) {
      if (k.retiredAt === undefined) {
        k.retiredAt = nowSeconds;
        k.retiredUntil = nowSeconds + retentionSeconds;
      }
    }
    this.keys.unshift(next);
    this.verifierCache = undefined;
  }

  replaceAll(keys: SigningKey[]): void {
    this.keys = keys;
    this.verifierCache = undefined;
  }

  /**
   * A key resolver over the keys published at a time: built once per published set (a key added or
   * replaced, or a retired key's retention over), not on every introspection or resource request.
   */
  verifier(nowSeconds: number): JWTVerifyGetKey {
    const set = this.jwks(nowSeconds);
    const kids = set.keys.map((k) => k.kid).join(' ');
    if (this.verifierCache?.kids !== kids) this.verifierCache = { kids, resolver: createLocalJWKSet(set) };
    return this.verifierCache.resolver;
  }

  /** RFC 7517 §5 JWK Set of public members only, with kid, use and alg (RFC 7517 §4). */
  jwks(nowSeconds: number): { keys: JWK[] } {
    return { keys: this.published(nowSeconds).map((k) => ({ ...k.publicJwk, kid: k.kid, use: 'sig', alg: k.alg })) };
  }
}
