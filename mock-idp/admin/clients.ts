// Clients: create, read, list, update, delete, enable / disable (AVEVA "Disable Client", Oracle "Activate").
// Creation applies the profile's lifecycle rules: client id format, default roles, token lifetime bounds,
// and the Oracle identity-domain limits for user-level credentials (scopes, credentials per user, realms).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '../clients.ts';
import type { AuthMethod } from '../defaults.ts';
import { userCredentialRefusal, type LifecycleRules } from '../profile.ts';
import { Conflict, InvalidValue, NotAvailable } from './errors.ts';
import { clientOr404, newSecret, secretView, type CreatedSecret, type SecretInput, type SecretView } from './secrets.ts';
import type { AdminDeps, AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

interface ClientFields {
  name?: string;
  enabled?: boolean;
  authMethods?: AuthMethod[];
  jwks?: { keys: object[] };
  scopes?: string[];
  defaultScopes?: string[];
  audience?: string | string[];
  claims?: Record<string, unknown>;
  grants?: string[];
  tokenFormat?: 'jwt' | 'opaque';
  tokenLifetime?: number;
}

export interface ClientInput extends ClientFields {
  id?: string;
  owner?: string;
  roles?: string[];
  /** The first secret's metadata, or false for a client without a secret. */
  secret?: SecretInput | false;
}

/** PATCH: null removes an optional setting. */
export type ClientPatch = { [K in keyof ClientFields]?: ClientFields[K] | null };

/** A client as the admin API shows it: its settings with effective defaults, and secret metadata only. */
export type ClientView = Omit<Client, 'secrets' | 'tokenFormat' | 'tokenLifetime'> & {
  tokenFormat: 'jwt' | 'opaque';
  /** Effective access-token lifetime in seconds. */
  tokenLifetime: number;
  /** Secret metadata only; values are never returned after creation. */
  secrets: SecretView[];
};

export function clientView(a: AdminDeps, c: Client): ClientView {
  const now = a.ctx.clock.now();
  return {
    ...c,
    tokenFormat: c.tokenFormat ?? a.ctx.settings.tokens.format,
    tokenLifetime: c.tokenLifetime ?? a.ctx.settings.tokens.lifetime,
    secrets: c.secrets.map((s) => secretView(s, now)),
  };
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A client id in the profile's format: uuid (AVEVA), Oracle credential OCID, or 32 hex (ServiceNow). */
function newClientId(format: LifecycleRules['clientIdFormat'], realm: string | undefined): string {
  if (format === 'hex32') return randomBytes(16).toString('hex');
  if (format === 'ocid') {
    const tail = [...randomBytes(52)].map((b) => BASE32[b & 31]).join('');
    return `ocid1.credential.${(realm ?? 'oc1').toLowerCase()}..aaaaaaaa${tail}`;
  }
  return randomUUID();
}

function checkLifecycle(a: AdminDeps, fields: ClientPatch): void {
  const rules = a.ctx.profile.lifecycle;
  const profile = a.ctx.profile.name;
  const { min, max } = rules.tokenLifetime;
  const lifetime = fields.tokenLifetime;
  if (typeof lifetime === 'number') {
    if (min !== undefined && lifetime < min)
      throw new InvalidValue(
        `tokenLifetime ${lifetime} is below the minimum of ${min} seconds (profile ${profile}: ${min}–${max ?? '∞'} s)`,
        'tokenLifetime',
      );
    if (max !== undefined && lifetime > max)
      throw new InvalidValue(
        `tokenLifetime ${lifetime} is above the maximum of ${max} seconds (profile ${profile}: ${min ?? 1}–${max} s)`,
        'tokenLifetime',
      );
  }
  const limit = rules.maxScopesPerClient;
  if (limit !== undefined && fields.scopes && fields.scopes.length > limit) {
    throw new InvalidValue(`${fields.scopes.length} scopes; a client holds at most ${limit} (profile ${profile})`, 'scopes');
  }
}

/** Oracle user-level credentials: not available in some realms, at most N per user. */
function checkOwner(a: AdminDeps, owner: string): void {
  const rules = a.ctx.profile.lifecycle;
  const refusal = userCredentialRefusal(a.ctx.profile, a.ctx.settings.cloudRealm);
  if (refusal) throw new NotAvailable(refusal);
  const limit = rules.maxClientsPerOwner;
  if (limit !== undefined) {
    const held = a.ctx.clients.list().filter((c) => c.owner === owner).length;
    if (held >= limit)
      throw new Conflict(
        `owner "${owner}" already holds ${held} credentials; at most ${limit} are allowed (profile ${a.ctx.profile.name})`,
      );
  }
}

export async function createClient(a: AdminDeps, input: ClientInput = {}): Promise<{ client: ClientView; secret?: CreatedSecret }> {
  validateBody('clients', 'create', input);
  const rules = a.ctx.profile.lifecycle;
  const id = input.id ?? newClientId(rules.clientIdFormat, a.ctx.settings.cloudRealm);
  if (a.ctx.clients.get(id)) throw new Conflict(`client "${id}" already exists`);
  checkLifecycle(a, input);
  if (input.owner !== undefined) checkOwner(a, input.owner);
  const first = input.secret === false ? undefined : newSecret(a, input.secret ?? {});
  const scopes = input.scopes ?? [];
  const client: Client = {
    id,
    name: input.name,
    owner: input.owner,
    secrets: first ? [first.secret] : [],
    authMethods: input.authMethods ?? [
      ...(input.jwks && !first ? [] : (['client_secret_basic', 'client_secret_post'] as const)),
      ...(input.jwks ? (['private_key_jwt'] as const) : []),
    ],
    jwks: input.jwks,
    scopes,
    defaultScopes: input.defaultScopes ?? scopes,
    audience: input.audience,
    claims: input.claims ?? {},
    roles: [...new Set([...rules.roles.default, ...(input.roles ?? [])])],
    grants: input.grants ?? ['client_credentials'],
    enabled: input.enabled ?? true,
    tokenFormat: input.tokenFormat,
    tokenLifetime: input.tokenLifetime,
  };
  a.ctx.clients.put(client);
  await a.ctx.persist();
  return { client: clientView(a, client), secret: first?.created };
}

export function getClient(a: AdminDeps, id: string): ClientView {
  return clientView(a, clientOr404(a, id));
}

export function listClients(a: AdminDeps, filter: { owner?: string } = {}): ClientView[] {
  return a.ctx.clients
    .list()
    .filter((c) => filter.owner === undefined || c.owner === filter.owner)
    .map((c) => clientView(a, c));
}

export async function updateClient(a: AdminDeps, id: string, patch: ClientPatch): Promise<ClientView> {
  validateBody('clients', 'update', patch);
  const client = clientOr404(a, id);
  checkLifecycle(a, patch);
  const target = client as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
  await a.ctx.persist();
  return clientView(a, client);
}

export async function deleteClient(a: AdminDeps, id: string): Promise<void> {
  clientOr404(a, id);
  a.ctx.clients.delete(id);
  await a.ctx.persist();
}

/** Enable / disable (AVEVA), activate / deactivate (Oracle): a disabled client gets invalid_client. */
export async function setClientEnabled(a: AdminDeps, id: string, enabled: boolean): Promise<ClientView> {
  const client = clientOr404(a, id);
  client.enabled = enabled;
  await a.ctx.persist();
  return clientView(a, client);
}

const toggle =
  (enabled: boolean): AdminRoute['run'] =>
  async (a, r) => ({ status: 200, body: { client: await setClientEnabled(a, r.params.id!, enabled) } });

export const clientRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/clients',
    run: async (a, r) => ({ status: 200, body: { clients: listClients(a, { owner: r.query.get('owner') ?? undefined }) } }),
  },
  { method: 'POST', path: '/clients', run: async (a, r) => ({ status: 201, body: await createClient(a, r.body as ClientInput) }) },
  { method: 'GET', path: '/clients/:id', run: async (a, r) => ({ status: 200, body: { client: getClient(a, r.params.id!) } }) },
  {
    method: 'PATCH',
    path: '/clients/:id',
    run: async (a, r) => ({ status: 200, body: { client: await updateClient(a, r.params.id!, r.body as ClientPatch) } }),
  },
  {
    method: 'DELETE',
    path: '/clients/:id',
    run: async (a, r) => {
      await deleteClient(a, r.params.id!);
      return { status: 204 };
    },
  },
  { method: 'POST', path: '/clients/:id/enable', run: toggle(true) },
  { method: 'POST', path: '/clients/:id/disable', run: toggle(false) },
  { method: 'POST', path: '/clients/:id/activate', run: toggle(true) },
  { method: 'POST', path: '/clients/:id/deactivate', run: toggle(false) },
];
