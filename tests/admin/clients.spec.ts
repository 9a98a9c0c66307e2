// Admin API: clients. Create / read / update / delete, enable / disable, one-time secret display, token
// lifetime bounds and the Oracle identity-domain limits, each against the vendor document that states it.
import { admin, createClient, expect, startMock, test, tokenRequest } from './helpers.ts';

const AVEVA_ADD_CLIENT = 'https://docs.aveva.com/bundle/connect-data-services/page/1263324.html';
const AVEVA_MAINTAIN = 'https://docs.aveva.com/bundle/connect-data-services/page/1263327.html';
const ORACLE_CREATE = 'https://docs.oracle.com/en-us/iaas/Content/Identity/access/to_create_an_Oauth20_client_credential.htm';
const ORACLE_LIMITS = 'https://docs.oracle.com/en-us/iaas/Content/Identity/sku/overview.htm';
const OIC_ACTIVATE =
  'https://docs.oracle.com/en/cloud/paas/application-integration/aiagents/complete-prerequisites-create-and-activate-confidential-client-application.html';

test.describe('client lifecycle', () => {
  test(`a created client gets a token with its one-time secret; no later read returns the value (${AVEVA_ADD_CLIENT}, ${ORACLE_CREATE})`, async () => {
    const idp = await startMock();
    try {
      const { id, secret, reply } = await createClient(idp, { name: 'svc', scopes: ['read'] });
      expect(reply.json.secret.value).toBe(secret);
      expect(secret.length).toBeGreaterThanOrEqual(43);
      const token = await tokenRequest(idp, id, secret, { scope: 'read' });
      expect(token.status).toBe(200);
      // Every later read: client, list, secrets metadata. None carries the value or its hash.
      for (const path of [`/clients/${id}`, '/clients', `/clients/${id}/secrets`]) {
        const r = await admin(idp, 'GET', path);
        expect(r.status).toBe(200);
        expect(r.text).not.toContain(secret);
        expect(r.text).not.toMatch(/sha256:|"hash"|"value"/);
      }
      const read = await admin(idp, 'GET', `/clients/${id}`);
      expect(read.json.client.secrets).toEqual([expect.objectContaining({ id: reply.json.secret.id, expired: false })]);
      // The library API reads the same state.
      expect(idp.admin.getClient(id).name).toBe('svc');
    } finally {
      await idp.close();
    }
  });

  test('update changes what the token endpoint does; delete makes the client unknown (404, then invalid_client, RFC 6749 §5.2)', async () => {
    const idp = await startMock();
    try {
      const { id, secret } = await createClient(idp, { scopes: ['read'] });
      const patched = await admin(idp, 'PATCH', `/clients/${id}`, { scopes: ['read', 'write'], tokenLifetime: 600, name: 'renamed' });
      expect(patched.status).toBe(200);
      expect(patched.json.client).toMatchObject({ scopes: ['read', 'write'], tokenLifetime: 600, name: 'renamed' });
      const t = await tokenRequest(idp, id, secret, { scope: 'write' });
      expect(t.status).toBe(200);
      expect(t.json.expires_in).toBe(600);
      const unset = await admin(idp, 'PATCH', `/clients/${id}`, { tokenLifetime: null });
      expect(unset.json.client.tokenLifetime).toBe(idp.context.settings.tokens.lifetime);
      expect((await admin(idp, 'DELETE', `/clients/${id}`)).status).toBe(204);
      expect((await admin(idp, 'GET', `/clients/${id}`)).status).toBe(404);
      expect((await admin(idp, 'DELETE', `/clients/${id}`)).status).toBe(404);
      expect((await tokenRequest(idp, id, secret)).json.error).toBe('invalid_client');
    } finally {
      await idp.close();
    }
  });

  test(`a disabled client gets invalid_client until enabled again (AVEVA "Disable Client" ${AVEVA_MAINTAIN}; Oracle activation ${OIC_ACTIVATE})`, async () => {
    const idp = await startMock();
    try {
      const { id, secret } = await createClient(idp, { enabled: false });
      expect((await tokenRequest(idp, id, secret)).json.error).toBe('invalid_client');
      const on = await admin(idp, 'POST', `/clients/${id}/activate`);
      expect(on.json.client.enabled).toBe(true);
      expect((await tokenRequest(idp, id, secret)).status).toBe(200);
      expect((await admin(idp, 'POST', `/clients/${id}/disable`)).json.client.enabled).toBe(false);
      const t = await tokenRequest(idp, id, secret);
      expect(t.status).toBe(401);
      expect(t.json.error).toBe('invalid_client');
      expect((await admin(idp, 'POST', `/clients/${id}/enable`)).status).toBe(200);
      expect((await tokenRequest(idp, id, secret)).status).toBe(200);
    } finally {
      await idp.close();
    }
  });

  test('a duplicate client id is a 409 conflict; an unknown client a 404; a client without a secret can be created', async () => {
    const idp = await startMock();
    try {
      await createClient(idp, { id: 'fixed-id' });
      const dup = await admin(idp, 'POST', '/clients', { id: 'fixed-id' });
      expect(dup.status).toBe(409);
      expect(dup.json).toMatchObject({ error: 'conflict' });
      expect(dup.json.message).toContain('fixed-id');
      for (const [method, path] of [
        ['GET', '/clients/nope'],
        ['PATCH', '/clients/nope'],
        ['POST', '/clients/nope/disable'],
        ['GET', '/clients/nope/secrets'],
        ['POST', '/clients/nope/secrets'],
        ['DELETE', '/clients/nope/secrets/x'],
        ['GET', '/clients/nope/roles'],
      ] as const) {
        const r = await admin(idp, method, path, method === 'PATCH' ? { name: 'x' } : method === 'POST' ? {} : undefined);
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.json.error).toBe('not_found');
      }
      const bare = await admin(idp, 'POST', '/clients', { secret: false });
      expect(bare.status).toBe(201);
      expect(bare.json.secret).toBeUndefined();
      expect(bare.json.client.secrets).toEqual([]);
    } finally {
      await idp.close();
    }
  });
});

test.describe('bad admin input', () => {
  test('invalid bodies get 400 naming the body path and the JSON Schema path (schemas/admin/clients.schema.json)', async () => {
    const idp = await startMock();
    try {
      const cases: [unknown, string, RegExp][] = [
        [{ scopes: ['has space'] }, '/scopes/0', /clients\.schema\.json#\/\$defs\/fields\/scopes\/items\/pattern$/],
        [{ tokenLifetime: 'long' }, '/tokenLifetime', /clients\.schema\.json#.*tokenLifetime\/type$/],
        [{ colour: 'blue' }, '', /clients\.schema\.json#\/\$defs\/create\/additionalProperties$/],
        [{ secret: { expiresAt: 'tomorrow' } }, '/secret/expiresAt', /secrets\.schema\.json#.*\/format$/],
        [{ roles: [''] }, '/roles/0', /roles\.schema\.json#\/\$defs\/name\/minLength$/],
        [[1, 2], '', /clients\.schema\.json#\/\$defs\/create\/type$/],
      ];
      for (const [body, instancePath, schemaPath] of cases) {
        const r = await admin(idp, 'POST', '/clients', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.json.error).toBe('invalid_body');
        expect(r.json.instancePath).toBe(instancePath);
        expect(r.json.schemaPath).toMatch(schemaPath);
      }
      const notJson = await admin(idp, 'POST', '/clients', '{"id": ');
      expect(notJson.status).toBe(400);
      expect(notJson.json.error).toBe('invalid_json');
      const empty = await admin(idp, 'PATCH', '/clients/x', {});
      expect(empty.status).toBe(400);
      expect(empty.json.schemaPath).toMatch(/update\/minProperties$/);
      const unknownPath = await admin(idp, 'GET', '/nothing-here');
      expect(unknownPath.status).toBe(404);
      const wrongMethod = await admin(idp, 'PUT', '/clients');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
      // The library API validates with the same schemas.
      await expect(idp.admin.createClient({ scopes: ['a b'] })).rejects.toMatchObject({ status: 400, code: 'invalid_body' });
    } finally {
      await idp.close();
    }
  });
});

test.describe('profile lifecycle rules', () => {
  test(`AVEVA CONNECT: token lifetime 60–3600 s, default 3600; out of bounds refused naming the bound (${AVEVA_ADD_CLIENT})`, async () => {
    const idp = await startMock({ profile: 'aveva-connect' });
    try {
      const { id, reply } = await createClient(idp);
      expect(reply.json.client.tokenLifetime).toBe(3600);
      expect(reply.json.client.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const [lifetime, bound] of [
        [59, 'minimum of 60'],
        [3601, 'maximum of 3600'],
      ] as const) {
        const create = await admin(idp, 'POST', '/clients', { tokenLifetime: lifetime });
        expect(create.status).toBe(400);
        expect(create.json).toMatchObject({ error: 'invalid_value', field: 'tokenLifetime' });
        expect(create.json.message).toContain(bound);
        const update = await admin(idp, 'PATCH', `/clients/${id}`, { tokenLifetime: lifetime });
        expect(update.status).toBe(400);
        expect(update.json.message).toContain(bound);
      }
      expect((await admin(idp, 'POST', '/clients', { tokenLifetime: 60 })).status).toBe(201);
      expect((await admin(idp, 'PATCH', `/clients/${id}`, { tokenLifetime: 3600 })).status).toBe(200);
    } finally {
      await idp.close();
    }
  });

  test(`Oracle: credential client id is an OCID; at most 10 scopes per credential and 10 credentials per user (${ORACLE_CREATE}, ${ORACLE_LIMITS})`, async () => {
    const idp = await startMock({ profile: 'oci-iam', config: { clients: [], cloudRealm: 'OC2' } });
    try {
      const scopes = Array.from({ length: 11 }, (_, i) => `urn:opc:resource:s${i}`);
      const tooMany = await admin(idp, 'POST', '/clients', { owner: 'alice', scopes });
      expect(tooMany.status).toBe(400);
      expect(tooMany.json).toMatchObject({ error: 'invalid_value', field: 'scopes' });
      expect(tooMany.json.message).toContain('at most 10');
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await createClient(idp, { owner: 'alice', scopes: scopes.slice(0, 10) })).id);
      for (const id of ids) expect(id).toMatch(/^ocid1\.credential\.oc2\.\.aaaaaaaa[a-z2-7]{52}$/);
      const eleventh = await admin(idp, 'POST', '/clients', { owner: 'alice' });
      expect(eleventh.status).toBe(409);
      expect(eleventh.json.message).toContain('at most 10');
      // The limit is per user: another owner can still create one.
      expect((await admin(idp, 'POST', '/clients', { owner: 'bob' })).status).toBe(201);
      expect((await admin(idp, 'GET', '/clients?owner=alice')).json.clients).toHaveLength(10);
      const widen = await admin(idp, 'PATCH', `/clients/${ids[0]}`, { scopes });
      expect(widen.status).toBe(400);
    } finally {
      await idp.close();
    }
  });

  for (const realm of ['OC1', 'OC4']) {
    test(`Oracle: user-level OAuth 2.0 client credentials are not available in realm ${realm} (${ORACLE_CREATE})`, async () => {
      const idp = await startMock({ profile: 'oci-iam', config: { clients: [], cloudRealm: realm } });
      try {
        const r = await admin(idp, 'POST', '/clients', { owner: 'alice' });
        expect(r.status).toBe(403);
        expect(r.json.error).toBe('not_available');
        expect(r.json.message).toContain(realm);
      } finally {
        await idp.close();
      }
    });
  }

  test('ServiceNow: generated client ids are 32 lowercase hex digits (https://www.servicenow.com/docs/r/zurich/api-reference/rest-api-explorer/r_RESTOAuthExample.html)', async () => {
    const idp = await startMock({ profile: 'servicenow' });
    try {
      const { id } = await createClient(idp);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await idp.close();
    }
  });
});
