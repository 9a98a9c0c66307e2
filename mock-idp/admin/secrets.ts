// Client secrets: add, list metadata, delete, regenerate. A value is returned only by the call that creates
// it and the state keeps only its hash (AVEVA "cannot be accessed or retrieved"; Oracle "you can't retrieve
// it again"). Expiry defaults to the profile's (AVEVA: one year; null = "Never Expires").
import { randomUUID } from 'node:crypto';
import { generateSecretValue, type Client, type ClientSecret } from '../clients.ts';
import { expiryTime } from '../expiry.ts';
import { hashSecret } from '../secrets.ts';
import { Conflict, InvalidValue, UnknownResource } from './errors.ts';
import { iso, type AdminDeps, type AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export interface SecretInput {
  description?: string;
  /** RFC 3339, or a duration from now on the mock clock (`1h`, `P1Y`); null = never expires; omitted = the profile's default. */
  expiresAt?: string | null;
}

export interface SecretView {
  id: string;
  description?: string;
  createdAt: string;
  expiresAt: string | null;
  expired: boolean;
}

/** The one response that carries the value. */
export interface CreatedSecret extends SecretView {
  value: string;
}

export function secretView(s: ClientSecret, nowSeconds: number): SecretView {
  return {
    id: s.id,
    description: s.description,
    createdAt: iso(s.createdAt),
    expiresAt: s.expiresAt === undefined ? null : iso(s.expiresAt),
    expired: s.expiresAt !== undefined && s.expiresAt <= nowSeconds,
  };
}

export function clientOr404(a: AdminDeps, id: string): Client {
  const client = a.ctx.clients.get(id);
  if (!client) throw new UnknownResource('client', id);
  return client;
}

/** A new secret under the profile's expiry rule; the value exists only in the returned object. */
export function newSecret(a: AdminDeps, input: SecretInput): { secret: ClientSecret; created: CreatedSecret } {
  const now = a.ctx.clock.now();
  const days = a.ctx.profile.lifecycle.secrets.defaultExpiryDays;
  let expiresAt: number | undefined;
  if (input.expiresAt === undefined) expiresAt = days === null ? undefined : now + days * 86_400;
  else if (input.expiresAt !== null) {
    expiresAt = expiryTime(input.expiresAt, now)!;
    if (expiresAt <= now)
      throw new InvalidValue(`expiresAt ${input.expiresAt} is not in the future (mock clock: ${iso(now)})`, 'expiresAt');
  }
  const value = generateSecretValue();
  const secret: ClientSecret = { id: randomUUID(), hash: hashSecret(value), description: input.description, createdAt: now, expiresAt };
  return { secret, created: { ...secretView(secret, now), value } };
}

function ensureRoom(a: AdminDeps, client: Client, adding: number): void {
  const max = a.ctx.profile.lifecycle.secrets.max;
  if (client.secrets.length + adding > max) {
    throw new Conflict(
      `client "${client.id}" already holds ${client.secrets.length} secrets; at most ${max} are allowed side by side (profile ${a.ctx.profile.name}); delete one first`,
    );
  }
}

export async function addSecret(a: AdminDeps, clientId: string, input: SecretInput = {}): Promise<CreatedSecret> {
  validateBody('secrets', 'create', input);
  const client = clientOr404(a, clientId);
  ensureRoom(a, client, 1);
  const { secret, created } = newSecret(a, input);
  client.secrets.push(secret);
  await a.ctx.persist();
  return created;
}

export function listSecrets(a: AdminDeps, clientId: string): SecretView[] {
  const now = a.ctx.clock.now();
  return clientOr404(a, clientId).secrets.map((s) => secretView(s, now));
}

export async function deleteSecret(a: AdminDeps, clientId: string, secretId: string): Promise<void> {
  const client = clientOr404(a, clientId);
  const index = client.secrets.findIndex((s) => s.id === secretId);
  if (index === -1) throw new UnknownResource(`secret of client "${clientId}"`, secretId);
  client.secrets.splice(index, 1);
  await a.ctx.persist();
}

/** Oracle "regenerate": with regenerateRevokesPrevious the new secret replaces every previous one at once. */
export async function regenerateSecret(
  a: AdminDeps,
  clientId: string,
  input: SecretInput = {},
): Promise<{ secret: CreatedSecret; revoked: string[] }> {
  validateBody('secrets', 'create', input);
  const client = clientOr404(a, clientId);
  const replace = a.ctx.profile.lifecycle.secrets.regenerateRevokesPrevious;
  if (!replace) ensureRoom(a, client, 1);
  const { secret, created } = newSecret(a, input);
  const revoked = replace ? client.secrets.map((s) => s.id) : [];
  client.secrets = replace ? [secret] : [...client.secrets, secret];
  await a.ctx.persist();
  return { secret: created, revoked };
}

export const secretRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients/:id/secrets', run: async (a, r) => ({ status: 200, body: { secrets: listSecrets(a, r.params.id!) } }) },
  {
    method: 'POST',
    path: '/clients/:id/secrets',
    run: async (a, r) => ({ status: 201, body: { secret: await addSecret(a, r.params.id!, r.body as SecretInput) } }),
  },
  {
    method: 'POST',
    path: '/clients/:id/secrets/regenerate',
    run: async (a, r) => ({ status: 201, body: await regenerateSecret(a, r.params.id!, r.body as SecretInput) }),
  },
  {
    method: 'DELETE',
    path: '/clients/:id/secrets/:secretId',
    run: async (a, r) => {
      await deleteSecret(a, r.params.id!, r.params.secretId!);
      return { status: 204 };
    },
  },
];
