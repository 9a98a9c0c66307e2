// Client roles. The profile's default roles are given to every new client and cannot be removed (AVEVA:
// "Tenant Member"); other roles can be added and removed later. Whether a role grants access is decided by
// the resource that checks it (Oracle Integration: ServiceInvoker), not here.
import { Conflict, UnknownResource } from './errors.ts';
import { clientOr404 } from './secrets.ts';
import type { AdminDeps, AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export interface RolesView {
  roles: string[];
  /** Roles that cannot be removed (the profile's defaults). */
  fixed: string[];
}

function rolesView(a: AdminDeps, roles: string[]): RolesView {
  const fixed = a.ctx.profile.lifecycle.roles.default;
  return { roles: [...roles], fixed: roles.filter((r) => fixed.includes(r)) };
}

export function listRoles(a: AdminDeps, clientId: string): RolesView {
  return rolesView(a, clientOr404(a, clientId).roles);
}

/** Idempotent: adding a role the client holds changes nothing. */
export async function addRole(a: AdminDeps, clientId: string, name: string): Promise<RolesView> {
  validateBody('roles', 'add', { name });
  const client = clientOr404(a, clientId);
  if (!client.roles.includes(name)) {
    client.roles.push(name);
    await a.ctx.persist();
  }
  return rolesView(a, client.roles);
}

export async function removeRole(a: AdminDeps, clientId: string, name: string): Promise<RolesView> {
  const client = clientOr404(a, clientId);
  if (a.ctx.profile.lifecycle.roles.default.includes(name)) {
    throw new Conflict(`role "${name}" is given to every client and cannot be removed (profile ${a.ctx.profile.name})`);
  }
  if (!client.roles.includes(name)) throw new UnknownResource(`role of client "${clientId}"`, name);
  client.roles = client.roles.filter((r) => r !== name);
  await a.ctx.persist();
  return rolesView(a, client.roles);
}

export const roleRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients/:id/roles', run: async (a, r) => ({ status: 200, body: listRoles(a, r.params.id!) }) },
  {
    method: 'POST',
    path: '/clients/:id/roles',
    run: async (a, r) => ({
      status: 200,
      body: await addRole(a, r.params.id!, validateBody<{ name: string }>('roles', 'add', r.body).name),
    }),
  },
  {
    method: 'DELETE',
    path: '/clients/:id/roles/:role',
    run: async (a, r) => ({ status: 200, body: await removeRole(a, r.params.id!, r.params.role!) }),
  },
];
