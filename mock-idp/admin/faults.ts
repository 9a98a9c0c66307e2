// Faults at run time: list the catalogue and what is switched on, switch one on (same entry as the config's
// faults: list), switch one or all off. Client developers break the IdP on purpose mid-test.
import { FaultEngine, type FaultSpec } from '../faults/engine.ts';
import { AdminError } from './errors.ts';
import type { AdminDeps, AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export function listFaults(a: AdminDeps) {
  return {
    active: a.ctx.faults.list(),
    catalogue: FaultEngine.catalogue().map((f) => ({
      name: f.name,
      kind: f.kind,
      description: f.description,
      breaks: f.breaks,
      endpoints: f.endpoints,
    })),
  };
}

export function enableFault(a: AdminDeps, spec: FaultSpec) {
  validateBody('faults', 'enable', spec);
  const fault = a.ctx.faults.enable(spec);
  return a.ctx.faults.list().find((f) => f.id === fault.id)!;
}

/** Switch off by id or by name (every instance of that fault). */
export function disableFault(a: AdminDeps, idOrName: string): void {
  if (!a.ctx.faults.disable(idOrName)) throw new AdminError(404, 'not_found', `no active fault ${idOrName}`);
}

export function clearFaults(a: AdminDeps): void {
  a.ctx.faults.clear();
}

export const faultRoutes: AdminRoute[] = [
  { method: 'GET', path: '/faults', run: async (a) => ({ status: 200, body: listFaults(a) }) },
  { method: 'POST', path: '/faults', run: async (a, r) => ({ status: 201, body: enableFault(a, r.body as FaultSpec) }) },
  {
    method: 'DELETE',
    path: '/faults',
    run: async (a) => {
      clearFaults(a);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/faults/:id',
    run: async (a, r) => {
      disableFault(a, r.params.id!);
      return { status: 204 };
    },
  },
];
