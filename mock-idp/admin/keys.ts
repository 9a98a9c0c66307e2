// Signing keys: list, rotate. A rotation retires every active key; a retired key stays in the JWKS for the
// retention period (ServiceNow: "removed after 105 days"), so tokens it signed stay verifiable (RFC 9068 §4).
import { generateSigningKey, type SigningKey } from '../keys.ts';
import type { SigningAlg } from '../defaults.ts';
import { Conflict } from './errors.ts';
import { iso, type AdminDeps, type AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export interface RotateInput {
  alg?: SigningAlg;
  kid?: string;
  /** Days the retired keys stay published; default: the profile's keyRetentionDays. */
  retentionDays?: number;
}

export interface KeyView {
  kid: string;
  alg: SigningAlg;
  status: 'active' | 'retired';
  /** In the JWKS now. */
  published: boolean;
  createdAt: string;
  retiredAt?: string;
  /** When a retired key leaves the JWKS. */
  publishedUntil?: string;
}

function keyView(k: SigningKey, nowSeconds: number): KeyView {
  return {
    kid: k.kid,
    alg: k.alg,
    status: k.retiredAt === undefined ? 'active' : 'retired',
    published: k.retiredUntil === undefined || k.retiredUntil > nowSeconds,
    createdAt: iso(k.createdAt),
    retiredAt: k.retiredAt === undefined ? undefined : iso(k.retiredAt),
    publishedUntil: k.retiredUntil === undefined ? undefined : iso(k.retiredUntil),
  };
}

export async function listKeys(a: AdminDeps): Promise<KeyView[]> {
  await a.ctx.keys.ready();
  const now = a.ctx.clock.now();
  return a.ctx.keys.all().map((k) => keyView(k, now));
}

export async function rotateKey(a: AdminDeps, input: RotateInput = {}): Promise<{ active: KeyView; keys: KeyView[] }> {
  validateBody('keys', 'rotate', input);
  const current = await a.ctx.keys.signingKey();
  if (input.kid !== undefined && a.ctx.keys.all().some((k) => k.kid === input.kid))
    throw new Conflict(`a key with kid "${input.kid}" exists`);
  const next = await generateSigningKey(input.alg ?? current.alg, a.ctx.clock.now(), input.kid);
  // Generation is asynchronous: read the clock again so the retirement time is the moment of the swap.
  const now = a.ctx.clock.now();
  const days = input.retentionDays ?? a.ctx.profile.lifecycle.keyRetentionDays;
  a.ctx.keys.rotate(next, now, Math.round(days * 86_400));
  await a.ctx.persist();
  return { active: keyView(next, now), keys: a.ctx.keys.all().map((k) => keyView(k, now)) };
}

export const keyRoutes: AdminRoute[] = [
  { method: 'GET', path: '/keys', run: async (a) => ({ status: 200, body: { keys: await listKeys(a) } }) },
  { method: 'POST', path: '/keys/rotate', run: async (a, r) => ({ status: 201, body: await rotateKey(a, r.body as RotateInput) }) },
];
