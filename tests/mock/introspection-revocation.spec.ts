// Token introspection (RFC 7662) and revocation (RFC 7009). Expiry is reached by moving the mock clock.
import { accessToken, basic, claims, CLIENTS, expect, get, postForm, startMock, test, tokenRequest } from './helpers.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

const as = (c: { id: string; secret: string }) => ({ Authorization: basic(c.id, c.secret) });
const introspect = (
  idp: MockIdp,
  token: string,
  client: { id: string; secret: string } = CLIENTS.harness,
  extra: Record<string, string> = {},
) => postForm(idp, '/introspect', { token, ...extra }, as(client));
const revoke = (
  idp: MockIdp,
  token: string,
  client: { id: string; secret: string } = CLIENTS.harness,
  extra: Record<string, string> = {},
) => postForm(idp, '/revoke', { token, ...extra }, as(client));

async function expectExactlyInactive(r: Awaited<ReturnType<typeof introspect>>): Promise<void> {
  expect(r.status, r.text).toBe(200);
  expect(r.text).toBe('{"active":false}');
}

test.describe('introspection', () => {
  test('an active JWT: active true with client_id, scope, exp, iat, sub, aud, iss and jti matching the token (RFC 7662 §2.2)', async ({
    idp,
  }) => {
    const token = await accessToken(idp, CLIENTS.harness, { scope: 'read write' });
    const r = await introspect(idp, token);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const c = claims(token);
    expect(r.json).toMatchObject({
      active: true,
      client_id: CLIENTS.harness.id,
      scope: 'read write',
      exp: c.exp,
      iat: c.iat,
      sub: c.sub,
      aud: c.aud,
      iss: idp.issuer,
      jti: c.jti,
    });
    expect(r.json.token_type).toMatch(/^bearer$/i);
  });

  test('an active opaque token is introspected with its client and scope (RFC 7662 §2.2)', async ({ idp }) => {
    const r = await introspect(idp, await accessToken(idp, CLIENTS.opaque), CLIENTS.opaque);
    expect(r.json).toMatchObject({ active: true, client_id: CLIENTS.opaque.id, scope: 'read' });
  });

  test('a wrong token_type_hint does not prevent the lookup (RFC 7662 §2.1)', async ({ idp }) => {
    expect((await introspect(idp, await accessToken(idp), CLIENTS.harness, { token_type_hint: 'refresh_token' })).json.active).toBe(true);
    expect((await introspect(idp, await accessToken(idp), CLIENTS.harness, { token_type_hint: 'bogus' })).json.active).toBe(true);
  });

  test('an unknown token → exactly {"active":false} (RFC 7662 §2.2)', async ({ idp }) => {
    await expectExactlyInactive(await introspect(idp, 'no-such-token'));
    await expectExactlyInactive(await introspect(idp, 'a.b.c'));
  });

  test('a JWT with a tampered payload → exactly {"active":false} (RFC 7662 §4 signature check)', async ({ idp }) => {
    const [h, , s] = (await accessToken(idp)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(await accessToken(idp)), scope: 'admin' })).toString('base64url');
    await expectExactlyInactive(await introspect(idp, `${h}.${forged}.${s}`));
  });

  test('another client\'s token → exactly {"active":false} (RFC 7662 §2.2, §4)', async ({ idp }) => {
    await expectExactlyInactive(await introspect(idp, await accessToken(idp, CLIENTS.second), CLIENTS.harness));
    await expectExactlyInactive(await introspect(idp, await accessToken(idp, CLIENTS.opaque), CLIENTS.harness));
  });

  test('an expired token → exactly {"active":false} once the mock clock passes exp (RFC 7662 §4)', async () => {
    const idp = await startMock();
    try {
      idp.clock.freeze();
      const jwt = await accessToken(idp);
      const opaque = await accessToken(idp, CLIENTS.opaque);
      idp.clock.advance(3599);
      expect((await introspect(idp, jwt)).json.active).toBe(true);
      idp.clock.advance(1);
      await expectExactlyInactive(await introspect(idp, jwt));
      await expectExactlyInactive(await introspect(idp, opaque, CLIENTS.opaque));
    } finally {
      await idp.close();
    }
  });

  test('introspection without client authentication → 401 invalid_client (RFC 7662 §2.1)', async ({ idp }) => {
    const token = await accessToken(idp);
    const r = await postForm(idp, '/introspect', { token });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_client');
    expect(r.json.active).toBeUndefined();
    const wrong = await postForm(idp, '/introspect', { token }, { Authorization: basic(CLIENTS.harness.id, 'wrong') });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('invalid_client');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  test('a bearer access token is not client authentication at introspection (RFC 7662 §2.1)', async ({ idp }) => {
    const token = await accessToken(idp);
    const r = await postForm(idp, '/introspect', { token }, { Authorization: `Bearer ${token}` });
    expect(r.status).toBe(401);
  });

  test('introspection without token → 400 invalid_request (RFC 7662 §2.1)', async ({ idp }) => {
    const r = await postForm(idp, '/introspect', {}, as(CLIENTS.harness));
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  test('GET on introspection → 405 (RFC 7662 §2.1)', async ({ idp }) => {
    const r = await get(idp, '/introspect', as(CLIENTS.harness));
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });
});

test.describe('revocation', () => {
  test('revoking a JWT → 200, and it is inactive at once at introspection and the resource (RFC 7009 §2.1, §2.2)', async ({ idp }) => {
    const token = await accessToken(idp);
    expect((await get(idp, '/resource', { Authorization: `Bearer ${token}` })).status).toBe(200);
    const r = await revoke(idp, token);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    await expectExactlyInactive(await introspect(idp, token));
    expect((await get(idp, '/resource', { Authorization: `Bearer ${token}` })).status).toBe(401);
  });

  test('revoking an opaque token makes it inactive at once (RFC 7009 §2.1)', async ({ idp }) => {
    const token = await accessToken(idp, CLIENTS.opaque);
    expect((await revoke(idp, token, CLIENTS.opaque)).status).toBe(200);
    await expectExactlyInactive(await introspect(idp, token, CLIENTS.opaque));
  });

  test('revoking one token leaves other tokens of the same client active (RFC 7009 §2.1)', async ({ idp }) => {
    const a = await accessToken(idp);
    const b = await accessToken(idp);
    await revoke(idp, a);
    expect((await introspect(idp, b)).json.active).toBe(true);
  });

  test('an unknown or invalid token → 200 (RFC 7009 §2.2)', async ({ idp }) => {
    expect((await revoke(idp, 'no-such-token')).status).toBe(200);
    expect((await revoke(idp, 'a.b.c')).status).toBe(200);
  });

  test('an invalid token_type_hint is ignored → 200 and the token is revoked (RFC 7009 §2.2)', async ({ idp }) => {
    const token = await accessToken(idp);
    expect((await revoke(idp, token, CLIENTS.harness, { token_type_hint: 'foo' })).status).toBe(200);
    await expectExactlyInactive(await introspect(idp, token));
  });

  test("a client cannot revoke another client's token: 200 without effect (RFC 7009 §2.1)", async ({ idp }) => {
    const token = await accessToken(idp, CLIENTS.second);
    expect((await revoke(idp, token, CLIENTS.harness)).status).toBe(200);
    expect((await introspect(idp, token, CLIENTS.second)).json.active).toBe(true);
  });

  test('revocation without client authentication → 401 invalid_client, token stays active (RFC 7009 §2.1)', async ({ idp }) => {
    const token = await accessToken(idp);
    const r = await postForm(idp, '/revoke', { token });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_client');
    expect((await introspect(idp, token)).json.active).toBe(true);
  });

  test('revocation without token → 400 invalid_request; GET → 405 (RFC 7009 §2.1)', async ({ idp }) => {
    const r = await postForm(idp, '/revoke', {}, as(CLIENTS.harness));
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
    expect((await get(idp, '/revoke')).status).toBe(405);
  });

  test('a revocation survives until the token would have expired and the token never becomes active again (RFC 7009 §2.2)', async () => {
    const idp = await startMock();
    try {
      const token = await accessToken(idp);
      await revoke(idp, token);
      idp.clock.advance(1800);
      idp.context.tokens.prune();
      await expectExactlyInactive(await introspect(idp, token));
      idp.clock.advance(1800);
      idp.context.tokens.prune();
      await expectExactlyInactive(await introspect(idp, token));
    } finally {
      await idp.close();
    }
  });

  test('a token request after revocation still works (revocation is per token) (RFC 7009 §2)', async ({ idp }) => {
    await revoke(idp, await accessToken(idp));
    expect((await tokenRequest(idp, CLIENTS.harness)).status).toBe(200);
  });
});
