// Admin API: client roles. AVEVA's default "Tenant Member" cannot be removed; other roles come and go.
import { admin, createClient, expect, startMock, test } from './helpers.ts';

const AVEVA_ADD_CLIENT = 'https://docs.aveva.com/bundle/connect-data-services/page/1263324.html';
const OIC_ROLES =
  'https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/check-roles-assigned-your-confidential-application.html';

test(`AVEVA: a new client has "Tenant Member", which cannot be removed; other roles are added and removed later (${AVEVA_ADD_CLIENT})`, async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const { id, reply } = await createClient(idp, { roles: ['Data Reader'] });
    expect(reply.json.client.roles).toEqual(['Tenant Member', 'Data Reader']);
    expect((await admin(idp, 'GET', `/clients/${id}/roles`)).json).toEqual({
      roles: ['Tenant Member', 'Data Reader'],
      fixed: ['Tenant Member'],
    });
    const refused = await admin(idp, 'DELETE', `/clients/${id}/roles/${encodeURIComponent('Tenant Member')}`);
    expect(refused.status).toBe(409);
    expect(refused.json.message).toContain('"Tenant Member"');
    expect(refused.json.message).toContain('cannot be removed');
    const added = await admin(idp, 'POST', `/clients/${id}/roles`, { name: 'Tenant Administrator' });
    expect(added.status).toBe(200);
    expect(added.json.roles).toEqual(['Tenant Member', 'Data Reader', 'Tenant Administrator']);
    // Adding a held role again changes nothing.
    expect((await admin(idp, 'POST', `/clients/${id}/roles`, { name: 'Data Reader' })).json.roles).toHaveLength(3);
    const removed = await admin(idp, 'DELETE', `/clients/${id}/roles/Data%20Reader`);
    expect(removed.json.roles).toEqual(['Tenant Member', 'Tenant Administrator']);
    expect((await admin(idp, 'DELETE', `/clients/${id}/roles/Data%20Reader`)).status).toBe(404);
    expect((await admin(idp, 'POST', `/clients/${id}/roles`, { role: 'x' })).status).toBe(400);
  } finally {
    await idp.close();
  }
});

test(`Oracle Integration: ServiceInvoker is granted and revoked through role CRUD (${OIC_ROLES})`, async () => {
  const idp = await startMock({ profile: 'oracle-integration' });
  try {
    const { id } = await createClient(idp);
    expect((await admin(idp, 'GET', `/clients/${id}/roles`)).json.roles).toEqual([]);
    await idp.admin.addRole(id, 'ServiceInvoker');
    expect(idp.context.clients.get(id)!.roles).toEqual(['ServiceInvoker']);
    expect((await admin(idp, 'DELETE', `/clients/${id}/roles/ServiceInvoker`)).json.roles).toEqual([]);
  } finally {
    await idp.close();
  }
});
