// Client authentication at the token endpoint: client_secret_basic and client_secret_post (RFC 6749 §2.3,
// §2.3.1, App. B), one method per request (§2.3), invalid_client errors (§5.2), confidential clients only (§4.4).
import { formatSecretHash, hashSecret } from '../../mock-idp/secrets.ts';
import { basic, CLIENTS, configWith, expect, postForm, rawBasic, startMock, test, type Reply } from './helpers.ts';

const grant = { grant_type: 'client_credentials' };

function expectInvalidClient(r: Reply, viaHeader: boolean): void {
  expect(r.status, r.text).toBe(401);
  expect(r.json.error).toBe('invalid_client');
  expect(r.json.access_token).toBeUndefined();
  if (viaHeader) expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="idp-conformance"/);
}

test.describe('client_secret_basic', () => {
  test('id and secret are form-urlencoded before Base64 (RFC 6749 §2.3.1, App. B)', async ({ idp }) => {
    // The fixture secret holds ':', '+', '/', ' ', 'é', '%' and '&'.
    const r = await postForm(idp, '/token', grant, { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret) });
    expect(r.status, r.text).toBe(200);
  });

  test('the App. B test vector " %&+£€" round-trips as a secret (RFC 6749 App. B)', async () => {
    const idp = await startMock({ config: configWith({ clients: [{ id: 'vector client', secret: ' %&+£€', scopes: ['read'] }] }) });
    try {
      const encoded = `Basic ${Buffer.from('vector+client:+%25%26%2B%C2%A3%E2%82%AC').toString('base64')}`;
      expect(encoded).toBe(basic('vector client', ' %&+£€'));
      const r = await postForm(idp, '/token', grant, { Authorization: encoded });
      expect(r.status, r.text).toBe(200);
    } finally {
      await idp.close();
    }
  });

  test('a raw (not form-urlencoded) secret containing ":" is accepted by splitting on the first colon (RFC 6749 §2.3.1 interop)', async () => {
    // "a+b%41" form-decodes to "a bA", so only the raw reading matches.
    const idp = await startMock({ config: configWith({ clients: [{ id: 'raw-client', secret: 'x:y:a+b%41', scopes: ['read'] }] }) });
    try {
      expect((await postForm(idp, '/token', grant, { Authorization: rawBasic('raw-client', 'x:y:a+b%41') })).status).toBe(200);
      expect((await postForm(idp, '/token', grant, { Authorization: basic('raw-client', 'x:y:a+b%41') })).status).toBe(200);
      expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: rawBasic('raw-client', 'x:y:a b%41') }), true);
    } finally {
      await idp.close();
    }
  });

  test('a wrong secret → 401 invalid_client with WWW-Authenticate: Basic realm (RFC 6749 §5.2)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: basic(CLIENTS.harness.id, 'wrong') }), true);
  });

  test('an unknown client id → 401 invalid_client with WWW-Authenticate (RFC 6749 §5.2)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: basic('nobody', 'x') }), true);
  });

  test('malformed Basic credentials (not Base64, no colon, empty) → 401 invalid_client (RFC 6749 §2.3.1, §5.2)', async ({ idp }) => {
    for (const value of [
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Basic ',
      'Basic',
      `Basic ${Buffer.from(':secret').toString('base64')}`,
    ]) {
      expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: value }), true);
    }
  });

  test('another Authorization scheme at the token endpoint → 401 invalid_client (RFC 6749 §5.2)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: 'Bearer abc' }), true);
  });

  test('the Basic scheme name is case-insensitive (RFC 7617 §2, RFC 7235 §2.1)', async ({ idp }) => {
    const value = basic(CLIENTS.second.id, CLIENTS.second.secret).replace('Basic', 'bAsIc');
    expect((await postForm(idp, '/token', grant, { Authorization: value })).status).toBe(200);
  });

  test('a body client_id matching the Basic id is accepted; a different one is refused (RFC 6749 §2.3.1)', async ({ idp }) => {
    const Authorization = basic(CLIENTS.second.id, CLIENTS.second.secret);
    expect((await postForm(idp, '/token', { ...grant, client_id: CLIENTS.second.id }, { Authorization })).status).toBe(200);
    expectInvalidClient(await postForm(idp, '/token', { ...grant, client_id: CLIENTS.harness.id }, { Authorization }), true);
  });
});

test.describe('client_secret_post', () => {
  test('client_id and client_secret in the body → 200 (RFC 6749 §2.3.1)', async ({ idp }) => {
    const r = await postForm(idp, '/token', { ...grant, client_id: CLIENTS.harness.id, client_secret: CLIENTS.harness.secret });
    expect(r.status, r.text).toBe(200);
  });

  test('a wrong body secret → 401 invalid_client (RFC 6749 §5.2)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', { ...grant, client_id: CLIENTS.harness.id, client_secret: 'wrong' }), false);
  });

  test('client_secret without client_id → 401 invalid_client (RFC 6749 §2.3.1)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', { ...grant, client_secret: CLIENTS.harness.secret }), false);
  });

  test('a client registered for client_secret_basic only cannot use client_secret_post (RFC 6749 §2.3, RFC 7591 §2)', async () => {
    const idp = await startMock({
      config: configWith({ clients: [{ id: 'basic-only', secret: 's', authMethods: ['client_secret_basic'], scopes: ['read'] }] }),
    });
    try {
      expect((await postForm(idp, '/token', grant, { Authorization: basic('basic-only', 's') })).status).toBe(200);
      expectInvalidClient(await postForm(idp, '/token', { ...grant, client_id: 'basic-only', client_secret: 's' }), false);
    } finally {
      await idp.close();
    }
  });
});

test.describe('authentication required, one method only', () => {
  test('no client authentication → 401 invalid_client (RFC 6749 §3.2.1, §4.4.2)', async ({ idp }) => {
    expectInvalidClient(await postForm(idp, '/token', grant), false);
    expectInvalidClient(await postForm(idp, '/token', { ...grant, client_id: CLIENTS.harness.id }), false);
  });

  test('a public client (client_id only, no secret) gets no token (RFC 6749 §4.4)', async ({ idp }) => {
    const r = await postForm(idp, '/token', { ...grant, client_id: CLIENTS.public.id });
    expect([400, 401]).toContain(r.status);
    expect(['invalid_client', 'unauthorized_client']).toContain(r.json.error);
  });

  test('Basic plus client_secret in the body → 400 invalid_request (RFC 6749 §2.3)', async ({ idp }) => {
    const r = await postForm(
      idp,
      '/token',
      { ...grant, client_id: CLIENTS.harness.id, client_secret: CLIENTS.harness.secret },
      { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret) },
    );
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  test('Basic plus client_assertion → 400 invalid_request (RFC 6749 §2.3)', async ({ idp }) => {
    const r = await postForm(
      idp,
      '/token',
      { ...grant, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'a.b.c' },
      { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret) },
    );
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  test('client_secret plus client_assertion in the body → 400 invalid_request (RFC 6749 §2.3)', async ({ idp }) => {
    const r = await postForm(idp, '/token', {
      ...grant,
      client_id: CLIENTS.harness.id,
      client_secret: CLIENTS.harness.secret,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'a.b.c',
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  test('a disabled client is refused with invalid_client (RFC 6749 §5.2)', async () => {
    const idp = await startMock({ config: configWith({ clients: [{ id: 'off', secret: 's', enabled: false, scopes: ['read'] }] }) });
    try {
      expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: basic('off', 's') }), true);
      expectInvalidClient(await postForm(idp, '/token', { ...grant, client_id: 'off', client_secret: 's' }), false);
    } finally {
      await idp.close();
    }
  });
});

test.describe('secret storage', () => {
  test('a secret configured only as sha256 hash authenticates (RFC 6749 §2.3.1; no plaintext in config)', async () => {
    const idp = await startMock({
      config: configWith({ clients: [{ id: 'hashed', secretHash: formatSecretHash(hashSecret('hunter2')), scopes: ['read'] }] }),
    });
    try {
      expect((await postForm(idp, '/token', grant, { Authorization: basic('hashed', 'hunter2') })).status).toBe(200);
      expectInvalidClient(await postForm(idp, '/token', grant, { Authorization: basic('hashed', 'hunter3') }), true);
    } finally {
      await idp.close();
    }
  });

  test('the client store keeps no plaintext secret, only hashes (RFC 6749 §10.10)', async ({ idp }) => {
    const dump = JSON.stringify(idp.context.clients.list(), (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
    for (const c of [CLIENTS.harness, CLIENTS.second, CLIENTS.noGrant, CLIENTS.opaque]) {
      expect(dump).not.toContain(c.secret);
      expect(dump).not.toContain(JSON.stringify(c.secret).slice(1, -1));
    }
    for (const c of idp.context.clients.list()) for (const s of c.secrets) expect(s.hash.length).toBe(32);
  });
});
