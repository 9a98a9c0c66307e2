// Admin API: client secrets. Expiry (default, explicit, never), up to 10 side by side, delete, Oracle's
// regenerate; expiry is reached by moving the mock clock through the admin clock endpoint, never by waiting.
import { admin, createClient, DAY, expect, startMock, test, tokenRequest } from './helpers.ts';

const AVEVA_ADD_CLIENT = 'https://docs.aveva.com/bundle/connect-data-services/page/1263324.html';
const AVEVA_CREDENTIALS =
  'https://docs.aveva.com/bundle/connect-data-services-developer/page/developer-guide/identity-dev/dev-guide-credential-management.html';
const ORACLE_REGENERATE = 'https://docs.oracle.com/en-us/iaas/Content/Identity/access/to_regenerate_the_OAuth20_secret.htm';

test(`AVEVA: a secret expires one year after creation by default, then gets invalid_client (${AVEVA_ADD_CLIENT})`, async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const { id, secret, reply } = await createClient(idp);
    const created = Date.parse(reply.json.secret.createdAt);
    expect(Date.parse(reply.json.secret.expiresAt) - created).toBe(365 * DAY * 1000);
    await admin(idp, 'POST', '/clock/advance', { days: 365, seconds: -60 });
    expect((await tokenRequest(idp, id, secret)).status).toBe(200);
    await admin(idp, 'POST', '/clock/advance', { seconds: 60 });
    const t = await tokenRequest(idp, id, secret);
    expect(t.status).toBe(401);
    expect(t.json.error).toBe('invalid_client');
    const listed = await admin(idp, 'GET', `/clients/${id}/secrets`);
    expect(listed.json.secrets[0].expired).toBe(true);
  } finally {
    await idp.close();
  }
});

test(`AVEVA: "Never Expires" (expiresAt null) and an explicit expiry date with a description (${AVEVA_ADD_CLIENT})`, async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const { id, secret } = await createClient(idp, { secret: { expiresAt: null, description: 'forever' } });
    const at = new Date((idp.clock.now() + 30 * DAY) * 1000).toISOString();
    const added = await admin(idp, 'POST', `/clients/${id}/secrets`, { description: 'thirty days', expiresAt: at });
    expect(added.status).toBe(201);
    expect(added.json.secret).toMatchObject({ description: 'thirty days', expiresAt: at.replace(/\.\d+Z$/, '.000Z') });
    const second = added.json.secret.value as string;
    await admin(idp, 'POST', '/clock/advance', { days: 31 });
    expect((await tokenRequest(idp, id, second)).json.error).toBe('invalid_client');
    await admin(idp, 'POST', '/clock/advance', { days: 3650 });
    expect((await tokenRequest(idp, id, secret)).status).toBe(200);
    const meta = (await admin(idp, 'GET', `/clients/${id}/secrets`)).json.secrets;
    expect(meta).toEqual([
      expect.objectContaining({ description: 'forever', expiresAt: null, expired: false }),
      expect.objectContaining({ description: 'thirty days', expired: true }),
    ]);
    const past = await admin(idp, 'POST', `/clients/${id}/secrets`, { expiresAt: '2000-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.json.field).toBe('expiresAt');
  } finally {
    await idp.close();
  }
});

test(`AVEVA: up to 10 secrets valid side by side; the 11th is a 409; any secret can be deleted and then gets invalid_client (${AVEVA_CREDENTIALS})`, async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const { id, secret: first, reply } = await createClient(idp);
    const values = [first];
    const ids = [reply.json.secret.id as string];
    for (let i = 1; i < 10; i++) {
      const r = await admin(idp, 'POST', `/clients/${id}/secrets`, { description: `#${i}` });
      expect(r.status).toBe(201);
      values.push(r.json.secret.value);
      ids.push(r.json.secret.id);
    }
    for (const v of values) expect((await tokenRequest(idp, id, v)).status).toBe(200);
    const eleventh = await admin(idp, 'POST', `/clients/${id}/secrets`, {});
    expect(eleventh.status).toBe(409);
    expect(eleventh.json.message).toContain('at most 10');
    // Delete one (a never-expiring one can be deleted too), the others keep working.
    expect((await admin(idp, 'DELETE', `/clients/${id}/secrets/${ids[3]}`)).status).toBe(204);
    expect((await tokenRequest(idp, id, values[3]!)).json.error).toBe('invalid_client');
    expect((await tokenRequest(idp, id, values[4]!)).status).toBe(200);
    expect((await admin(idp, 'DELETE', `/clients/${id}/secrets/${ids[3]}`)).status).toBe(404);
    expect((await admin(idp, 'POST', `/clients/${id}/secrets`, {})).status).toBe(201);
    expect((await admin(idp, 'GET', `/clients/${id}/secrets`)).json.secrets).toHaveLength(10);
  } finally {
    await idp.close();
  }
});

test(`Oracle: "regenerate" returns a new secret once and the previous secret is refused at once (${ORACLE_REGENERATE})`, async () => {
  const idp = await startMock({ profile: 'oci-iam', config: { clients: [], cloudRealm: 'OC2' } });
  try {
    const { id, secret: old, reply } = await createClient(idp, { owner: 'alice' });
    expect((await tokenRequest(idp, id, old)).status).toBe(200);
    const regen = await admin(idp, 'POST', `/clients/${id}/secrets/regenerate`, {});
    expect(regen.status).toBe(201);
    expect(regen.json.revoked).toEqual([reply.json.secret.id]);
    const fresh = regen.json.secret.value as string;
    expect(fresh).not.toBe(old);
    expect((await tokenRequest(idp, id, old)).json.error).toBe('invalid_client');
    expect((await tokenRequest(idp, id, fresh)).status).toBe(200);
    const read = await admin(idp, 'GET', `/clients/${id}`);
    expect(read.text).not.toContain(fresh);
    expect(read.json.client.secrets).toHaveLength(1);
  } finally {
    await idp.close();
  }
});

test('library API: idp.admin secret operations are the same as the HTTP ones (one implementation)', async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const { client, secret } = await idp.admin.createClient({ name: 'lib' });
    const added = await idp.admin.addSecret(client.id, { description: 'second' });
    expect((await tokenRequest(idp, client.id, added.value)).status).toBe(200);
    await idp.admin.deleteSecret(client.id, secret!.id);
    expect((await tokenRequest(idp, client.id, secret!.value)).json.error).toBe('invalid_client');
    const http = await admin(idp, 'GET', `/clients/${client.id}/secrets`);
    expect(http.json.secrets).toEqual(idp.admin.listSecrets(client.id));
    await idp.admin.advanceClock({ days: 366 });
    expect((await tokenRequest(idp, client.id, added.value)).json.error).toBe('invalid_client');
  } finally {
    await idp.close();
  }
});
