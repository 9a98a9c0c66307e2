// Reset: back to the startup config (clients, keys, clock offset; no revocations, an empty request log).
import type { AdminDeps, AdminRoute } from './types.ts';

export async function reset(a: AdminDeps): Promise<void> {
  await a.rebuild();
  a.ctx.requestLog.clear();
  await a.ctx.persist();
}

export const resetRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/reset',
    run: async (a) => {
      await reset(a);
      return { status: 204 };
    },
  },
];
