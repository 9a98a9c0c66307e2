// The client registry: confidential clients with hashed secrets (each with an optional expiry), or a
// public JWK Set for private_key_jwt (RFC 7523).
import { randomBytes, randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { DEFAULTS, type AuthMethod } from './defaults.ts';
import type { Profile } from './profile.ts';
import { hashSecret, parseSecretHash, secretMatches, type SecretHash } from './secrets.ts';
import { readJsonFile, type ClientConfig, type SecretConfig } from './config.ts';
import { expiryTime } from './expiry.ts';

export interface ClientSecret {
  id: string;
  hash: SecretHash;
  description?: string;
  createdAt: number;
  /** NumericDate after which the secret is refused; undefined = never expires. */
  expiresAt?: number;
}

export interface Client {
  id: string;
  name?: string;
  /** The user a user-level credential belongs to (Oracle "OAuth 2.0 client credentials" of a user). */
  owner?: string;
  secrets: ClientSecret[];
  authMethods: AuthMethod[];
  jwks?: { keys: object[] };
  scopes: string[];
  defaultScopes: string[];
  audience?: string | string[];
  claims: Record<string, unknown>;
  /** Roles granted to the client (vendor profiles: AVEVA "Tenant Member", OIC "ServiceInvoker"). */
  roles: string[];
  grants: string[];
  enabled: boolean;
  tokenFormat?: 'jwt' | 'opaque';
  tokenLifetime?: number;
}

/** A new secret value: 256 random bits, base64url (RFC 6749 §10.10: guessing probability ≤ 2^-160). */
export function generateSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

/** A secret entry of the config: the plain value or its hash, an optional expiry (absent = never). */
function secretFromConfig(s: SecretConfig, nowSeconds: number): ClientSecret {
  return {
    id: s.id ?? randomUUID(),
    hash: s.value !== undefined ? hashSecret(s.value) : parseSecretHash(s.hash!),
    description: s.description,
    createdAt: nowSeconds,
    expiresAt: s.expiresAt ? expiryTime(s.expiresAt, nowSeconds) : undefined,
  };
}

/** The client of a mock configured with none: it can get a token and call the profile's sample resource. */
export function defaultClientConfig(profile: Profile): ClientConfig {
  const { requiredScope, requiredRoles } = profile.resource;
  return {
    ...DEFAULTS.client,
    scopes: requiredScope === null ? [] : [requiredScope],
    roles: requiredRoles.slice(0, 1),
  };
}

/** defaultRoles: the profile's roles every client starts with (AVEVA "Tenant Member"). */
export function clientFromConfig(
  c: ClientConfig,
  nowSeconds: number,
  baseDir: string,
  source: string,
  defaultRoles: string[] = [],
): Client {
  const secrets: ClientSecret[] = [];
  if (c.secret !== undefined) secrets.push({ id: randomUUID(), hash: hashSecret(c.secret), createdAt: nowSeconds });
  if (c.secretHash !== undefined) secrets.push({ id: randomUUID(), hash: parseSecretHash(c.secretHash), createdAt: nowSeconds });
  for (const s of c.secrets ?? []) secrets.push(secretFromConfig(s, nowSeconds));
  const jwks =
    c.jwks ?? (c.jwksFile ? readJsonFile<{ keys: object[] }>(baseDir, c.jwksFile, `client ${c.id} jwksFile`, source) : undefined);
  const authMethods: AuthMethod[] = c.authMethods ?? [
    ...(secrets.length ? (['client_secret_basic', 'client_secret_post'] as const) : []),
    ...(jwks ? (['private_key_jwt'] as const) : []),
  ];
  const scopes = c.scopes ?? [];
  return {
    id: c.id,
    name: c.name,
    owner: c.owner,
    secrets,
    authMethods,
    jwks,
    scopes,
    defaultScopes: c.defaultScopes ?? scopes,
    audience: c.audience,
    claims: c.claims ?? {},
    roles: [...new Set([...defaultRoles, ...(c.roles ?? [])])],
    grants: c.grants ?? ['client_credentials'],
    enabled: c.enabled ?? true,
    tokenFormat: c.tokenFormat,
    tokenLifetime: c.tokenLifetime,
  };
}

const keyResolvers = new WeakMap<object, JWTVerifyGetKey>();

/** The resolver for a client's private_key_jwt keys (RFC 7523), derived from its JWK Set and cached per set. */
export function clientKeys(client: Client): JWTVerifyGetKey | undefined {
  if (!client.jwks) return undefined;
  let resolver = keyResolvers.get(client.jwks);
  if (!resolver) keyResolvers.set(client.jwks, (resolver = createLocalJWKSet(client.jwks)));
  return resolver;
}

export class ClientStore {
  private clients = new Map<string, Client>();

  constructor(clients: Client[] = []) {
    for (const c of clients) this.clients.set(c.id, c);
  }
  get(id: string): Client | undefined {
    return this.clients.get(id);
  }
  list(): Client[] {
    return [...this.clients.values()];
  }
  put(client: Client): void {
    this.clients.set(client.id, client);
  }
  delete(id: string): boolean {
    return this.clients.delete(id);
  }
  clear(): void {
    this.clients.clear();
  }

  /** True when a secret matches one of the client's unexpired secrets (each compared in constant time). */
  static secretValid(client: Client, candidate: string, nowSeconds: number): boolean {
    return ClientStore.checkSecret(client, candidate, nowSeconds) === 'valid';
  }

  /**
   * 'valid' when the candidate matches an unexpired secret, 'expired' when it matches only expired ones (so the
   * error can say so), else 'wrong'. Every secret is compared, in constant time.
   */
  static checkSecret(client: Client, candidate: string, nowSeconds: number): 'valid' | 'expired' | 'wrong' {
    let valid = false;
    let expired = false;
    for (const s of client.secrets) {
      if (!secretMatches(candidate, s.hash)) continue;
      if (s.expiresAt !== undefined && s.expiresAt <= nowSeconds) expired = true;
      else valid = true;
    }
    return valid ? 'valid' : expired ? 'expired' : 'wrong';
  }

  /** A public client: neither a secret nor keys, so it cannot use client_credentials (RFC 6749 §4.4). */
  static isPublic(client: Client): boolean {
    return client.secrets.length === 0 && !client.jwks;
  }
}
