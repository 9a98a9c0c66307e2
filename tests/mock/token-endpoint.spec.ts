// Token endpoint request handling and responses (RFC 6749 §3.2, §4.4, §5.1, §5.2).
import { basic, CLIENTS, expect, get, postForm, test, tokenRequest, type Reply } from './helpers.ts';

const auth = { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret) };

function expectError(r: Reply, status: number, error: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(r.json.error).toBe(error);
  expect(r.json.access_token).toBeUndefined();
  // RFC 6749 §5.2 / App. A.7–A.8: error and error_description use %x20-21 / %x23-5B / %x5D-7E only.
  expect(r.json.error).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/);
  if (r.json.error_description !== undefined) expect(r.json.error_description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/);
  expectNoStore(r);
}

function expectNoStore(r: Reply): void {
  const cc = (r.headers.get('cache-control') ?? '').split(',').map((s) => s.trim().toLowerCase());
  expect(cc).toContain('no-store');
  expect(r.headers.get('pragma')).toBe('no-cache');
}

test.describe('successful response', () => {
  test('client_credentials with Basic auth returns access_token, token_type Bearer and integer expires_in (RFC 6749 §4.4.3, §5.1)', async ({
    idp,
  }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { scope: 'read' });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(typeof r.json.access_token).toBe('string');
    expect(r.json.access_token.length).toBeGreaterThan(0);
    expect(r.json.token_type).toBe('Bearer');
    expect(Number.isInteger(r.json.expires_in)).toBe(true);
    expect(r.json.expires_in).toBe(3600);
  });

  test('the token response carries Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1)', async ({ idp }) => {
    expectNoStore(await tokenRequest(idp, CLIENTS.harness));
  });

  test('no refresh_token is issued for client_credentials (RFC 6749 §4.4.3)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { scope: 'read write' });
    expect(r.status).toBe(200);
    expect(r.json).not.toHaveProperty('refresh_token');
  });

  test('scope is omitted from the response when the granted scope equals the request (RFC 6749 §5.1)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { scope: 'write read' });
    expect(r.status).toBe(200);
    expect(r.json).not.toHaveProperty('scope');
  });

  test('scope is returned when omitted in the request and the default scope is granted (RFC 6749 §3.3, §5.1)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness);
    expect(r.status).toBe(200);
    expect(r.json.scope).toBe('read');
  });

  test('an empty scope parameter is treated as omitted (RFC 6749 §3.2)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { scope: '' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.scope).toBe('read');
  });

  test('unknown request parameters are ignored (RFC 6749 §3.2)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { foo: 'bar', x_debug: '1' });
    expect(r.status, r.text).toBe(200);
  });

  test('every access_token is distinct over many requests (RFC 6749 §10.10)', async ({ idp }) => {
    const tokens = await Promise.all(Array.from({ length: 30 }, () => tokenRequest(idp, CLIENTS.opaque).then((r) => r.json.access_token)));
    expect(new Set(tokens).size).toBe(30);
  });
});

test.describe('request errors', () => {
  test('missing grant_type → 400 invalid_request (RFC 6749 §4.4.2, §5.2)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', { scope: 'read' }, auth), 400, 'invalid_request');
  });

  test('unknown grant_type → 400 unsupported_grant_type (RFC 6749 §5.2)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', { grant_type: 'foo' }, auth), 400, 'unsupported_grant_type');
  });

  test('grant_type=password is refused with unsupported_grant_type (RFC 9700 §2.4)', async ({ idp }) => {
    expectError(
      await postForm(idp, '/token', { grant_type: 'password', username: 'a', password: 'b' }, auth),
      400,
      'unsupported_grant_type',
    );
  });

  test('repeated grant_type → 400 invalid_request (RFC 6749 §3.2)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', 'grant_type=client_credentials&grant_type=client_credentials', auth), 400, 'invalid_request');
  });

  test('repeated scope → 400 invalid_request (RFC 6749 §3.2)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', 'grant_type=client_credentials&scope=read&scope=read', auth), 400, 'invalid_request');
  });

  test('a repeated parameter spelled with percent-encoding is still a repeat (RFC 6749 §3.2, App. B)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', 'grant_type=client_credentials&sc%6fpe=read&scope=read', auth), 400, 'invalid_request');
  });

  test('a JSON body → 400 invalid_request and no token (RFC 6749 §4.4.2, App. B)', async ({ idp }) => {
    const r = await fetch(idp.url('/token'), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expectError({ status: r.status, headers: r.headers, text: '', json: await r.json() }, 400, 'invalid_request');
  });

  test('a text/plain body and a body without Content-Type → 400 invalid_request (RFC 6749 App. B)', async ({ idp }) => {
    for (const type of ['text/plain', undefined]) {
      const headers: Record<string, string> = { ...auth };
      if (type) headers['Content-Type'] = type;
      const r = await fetch(idp.url('/token'), { method: 'POST', headers, body: new Blob(['grant_type=client_credentials']) });
      expect(r.status).toBe(400);
      expect((await r.json()).error).toBe('invalid_request');
    }
  });

  test('malformed percent-encoding → 400 invalid_request (RFC 6749 App. B)', async ({ idp }) => {
    expectError(await postForm(idp, '/token', 'grant_type=client_credentials&scope=%E0%A4%A', auth), 400, 'invalid_request');
    expectError(await postForm(idp, '/token', 'grant_type=client_credentials&scope=%zz', auth), 400, 'invalid_request');
  });

  test('GET → 405 with Allow: POST and no token (RFC 6749 §3.2)', async ({ idp }) => {
    const r = await get(idp, '/token?grant_type=client_credentials', auth);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.json.access_token).toBeUndefined();
    expect(r.json.error).toBe('invalid_request');
  });

  test('PUT → 405 with Allow: POST (RFC 6749 §3.2)', async ({ idp }) => {
    const r = await fetch(idp.url('/token'), {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  test('a disallowed scope → 400 invalid_scope, never silently granted (RFC 6749 §3.3, §5.2)', async ({ idp }) => {
    expectError(await tokenRequest(idp, CLIENTS.harness, { scope: 'read admin' }), 400, 'invalid_scope');
    expectError(await tokenRequest(idp, CLIENTS.harness, { scope: 'NOT_A_SCOPE' }), 400, 'invalid_scope');
  });

  test('scope tokens are case-sensitive: Read is not read (RFC 6749 §3.3)', async ({ idp }) => {
    expectError(await tokenRequest(idp, CLIENTS.harness, { scope: 'Read' }), 400, 'invalid_scope');
  });

  test('a client registered without the grant → 400 unauthorized_client (RFC 6749 §5.2)', async ({ idp }) => {
    expectError(await tokenRequest(idp, CLIENTS.noGrant), 400, 'unauthorized_client');
  });

  test('client credentials in the request URI are refused (RFC 6749 §2.3.1)', async ({ idp }) => {
    const q = new URLSearchParams({ client_id: CLIENTS.harness.id, client_secret: CLIENTS.harness.secret });
    const r = await postForm(idp, `/token?${q}`, { grant_type: 'client_credentials' });
    expect([400, 401]).toContain(r.status);
    expect(r.json.access_token).toBeUndefined();
  });

  test('a resource that is not an absolute URI → 400 invalid_target (RFC 8707 §2)', async ({ idp }) => {
    expectError(await tokenRequest(idp, CLIENTS.harness, { resource: 'rs' }), 400, 'invalid_target');
    expectError(await tokenRequest(idp, CLIENTS.harness, { resource: `${idp.url('/resource')}#frag` }), 400, 'invalid_target');
    expectError(await tokenRequest(idp, CLIENTS.harness, { resource: 'https://unknown.example/' }), 400, 'invalid_target');
  });

  test('the allowed resource is accepted and becomes aud (RFC 8707 §2)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness, { resource: idp.url('/resource') });
    expect(r.status, r.text).toBe(200);
  });

  test('every error response carries Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1, §5.2)', async ({ idp }) => {
    const errors = [
      await postForm(idp, '/token', {}, auth),
      await postForm(idp, '/token', { grant_type: 'client_credentials' }),
      await tokenRequest(idp, CLIENTS.harness, { scope: 'nope' }),
      await get(idp, '/token'),
    ];
    for (const r of errors) expectNoStore(r);
  });
});
