// The token-request log: which client asked for a token when, and what it got, so client developers can
// assert that their client caches tokens instead of asking for one per call.
import { InvalidValue } from './errors.ts';
import type { AdminDeps, AdminRoute } from './types.ts';

export interface TokenRequestView {
  time: string;
  clientId: string;
  outcome: string;
}

export function tokenRequests(a: AdminDeps, filter: { clientId?: string; since?: string } = {}): TokenRequestView[] {
  let sinceMs: number | undefined;
  if (filter.since !== undefined) {
    sinceMs = Date.parse(filter.since);
    if (Number.isNaN(sinceMs)) throw new InvalidValue(`since must be an RFC 3339 date-time, got "${filter.since}"`, 'since');
  }
  return a.ctx.requestLog
    .list({ clientId: filter.clientId, sinceMs })
    .map((e) => ({ time: new Date(e.timeMs).toISOString(), clientId: e.clientId, outcome: e.outcome }));
}

export function clearTokenRequests(a: AdminDeps): void {
  a.ctx.requestLog.clear();
}

export const logRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/token-requests',
    run: async (a, r) => {
      const entries = tokenRequests(a, { clientId: r.query.get('client_id') ?? undefined, since: r.query.get('since') ?? undefined });
      return { status: 200, body: { count: entries.length, entries } };
    },
  },
  {
    method: 'DELETE',
    path: '/token-requests',
    run: async (a) => {
      clearTokenRequests(a);
      return { status: 204 };
    },
  },
];
