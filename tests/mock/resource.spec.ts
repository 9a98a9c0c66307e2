// The sample protected resource (RFC 6750): 401 + WWW-Authenticate: Bearer with error="invalid_token" for
// bad, expired or revoked tokens (§3, §3.1), 403 insufficient_scope when the configured scope is missing.
import { accessToken, CLIENTS, configWith, expect, get, postForm, startMock, test, basic } from './helpers.ts';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

test('a valid token with the required scope → 200 (RFC 6750 §2.1)', async ({ idp }) => {
  const r = await get(idp, '/resource', bearer(await accessToken(idp)));
  expect(r.status, r.text).toBe(200);
  expect(r.json.client_id).toBe(CLIENTS.harness.id);
});

test('an opaque token is accepted at the resource (RFC 6750 §2.1)', async ({ idp }) => {
  expect((await get(idp, '/resource', bearer(await accessToken(idp, CLIENTS.opaque)))).status).toBe(200);
});

test('POST to the resource with the Authorization header → 200 (RFC 6750 §2.1)', async ({ idp }) => {
  const r = await postForm(idp, '/resource', {}, bearer(await accessToken(idp)));
  expect(r.status).toBe(200);
});

test('no credentials → 401 with WWW-Authenticate: Bearer realm and no error code (RFC 6750 §3, §3.1)', async ({ idp }) => {
  const r = await get(idp, '/resource');
  expect(r.status).toBe(401);
  const challenge = r.headers.get('www-authenticate')!;
  expect(challenge).toMatch(/^Bearer realm="idp-conformance"/);
  expect(challenge).not.toContain('error=');
});

test('a malformed or unknown token → 401 error="invalid_token" (RFC 6750 §3.1)', async ({ idp }) => {
  for (const t of ['garbage', 'a.b.c', 'x'.repeat(2000)]) {
    const r = await get(idp, '/resource', bearer(t));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  }
});

test('a token signed by another key → 401 invalid_token (RFC 6750 §3.1)', async ({ idp }) => {
  const other = await startMock();
  try {
    const r = await get(idp, '/resource', bearer(await accessToken(other)));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
  } finally {
    await other.close();
  }
});

test('an expired token → 401 invalid_token once the mock clock passes exp (RFC 6750 §3.1)', async () => {
  const idp = await startMock();
  try {
    const jwt = await accessToken(idp);
    const opaque = await accessToken(idp, CLIENTS.opaque);
    idp.clock.advance(3600);
    for (const t of [jwt, opaque]) {
      const r = await get(idp, '/resource', bearer(t));
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
  } finally {
    await idp.close();
  }
});

test('a revoked token → 401 invalid_token (RFC 6750 §3.1, RFC 7009 §2)', async ({ idp }) => {
  const token = await accessToken(idp);
  await postForm(idp, '/revoke', { token }, { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret) });
  const r = await get(idp, '/resource', bearer(token));
  expect(r.status).toBe(401);
  expect(r.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
});

test('a token without the configured scope → 403 insufficient_scope naming the scope (RFC 6750 §3.1)', async ({ idp }) => {
  const r = await get(idp, '/resource', bearer(await accessToken(idp, CLIENTS.harness, { scope: 'write' })));
  expect(r.status).toBe(403);
  const challenge = r.headers.get('www-authenticate')!;
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="insufficient_scope"');
  expect(challenge).toContain('scope="read"');
});

test('the required scope comes from config (resource.requiredScope) (RFC 6750 §3.1)', async () => {
  const idp = await startMock({ config: configWith({ resource: { requiredScope: 'write' } }) });
  try {
    expect((await get(idp, '/resource', bearer(await accessToken(idp, CLIENTS.harness, { scope: 'read' })))).status).toBe(403);
    expect((await get(idp, '/resource', bearer(await accessToken(idp, CLIENTS.harness, { scope: 'write' })))).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('a token for another audience → 401 invalid_token (RFC 9068 §4, RFC 9700 §2.3)', async () => {
  const idp = await startMock({
    config: configWith({ clients: [{ id: 'elsewhere', secret: 's', scopes: ['read'], audience: 'https://other-rs.example' }] }),
  });
  try {
    const r = await get(idp, '/resource', bearer(await accessToken(idp, { id: 'elsewhere', secret: 's' })));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
  } finally {
    await idp.close();
  }
});

test('an access token in the URI query is not accepted (RFC 9700 §2.2, RFC 6750 §2.3)', async ({ idp }) => {
  const token = await accessToken(idp);
  const r = await get(idp, `/resource?access_token=${token}`);
  expect([400, 401]).toContain(r.status);
  expect(r.headers.get('www-authenticate')).toMatch(/^Bearer /);
  expect(r.json.ok).toBeUndefined();
});

test('the Bearer scheme name is case-insensitive (RFC 6750 §2.1, RFC 9110 §11.1)', async ({ idp }) => {
  expect((await get(idp, '/resource', { Authorization: `bearer ${await accessToken(idp)}` })).status).toBe(200);
});
