// private_key_jwt client authentication (RFC 7523 §2.2, §3, §3.2; RFC 7521 §4.2): every rejected assertion
// is 401 invalid_client. Tests that move the clock start their own mock.
import { generateKeyPair, SignJWT } from 'jose';
import {
  clientAssertion,
  CLIENTS,
  expect,
  JWT_BEARER,
  pkjwtPrivateKey,
  postForm,
  startMock,
  test,
  type AssertionOptions,
  type Reply,
} from './helpers.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

function send(idp: MockIdp, assertion: string, extra: Record<string, string> = {}): Promise<Reply> {
  return postForm(idp, '/token', {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...extra,
  });
}

async function expectRejected(idp: MockIdp, o: AssertionOptions | string, extra: Record<string, string> = {}): Promise<void> {
  const r = await send(idp, typeof o === 'string' ? o : await clientAssertion(idp, o), extra);
  expect(r.status, r.text).toBe(401);
  expect(r.json.error).toBe('invalid_client');
  expect(r.json.access_token).toBeUndefined();
}

function unsigned(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

test('a valid assertion with aud = token endpoint → 200 (RFC 7523 §3)', async ({ idp }) => {
  const r = await send(idp, await clientAssertion(idp));
  expect(r.status, r.text).toBe(200);
  expect(r.json.token_type).toBe('Bearer');
});

test('a valid assertion with aud = issuer → 200 (RFC 7523 §3, RFC 7523bis)', async ({ idp }) => {
  expect((await send(idp, await clientAssertion(idp, { aud: idp.issuer }))).status).toBe(200);
});

test('client_id in the body equal to the assertion sub is accepted; a different one is refused (RFC 7521 §4.2)', async ({ idp }) => {
  expect((await send(idp, await clientAssertion(idp), { client_id: CLIENTS.pkjwt.id })).status).toBe(200);
  await expectRejected(idp, {}, { client_id: CLIENTS.harness.id });
});

test('aud naming another server → invalid_client (RFC 7523 §3 item 3)', async ({ idp }) => {
  await expectRejected(idp, { aud: 'https://other-as.example/token' });
});

test('iss different from the client_id → invalid_client (RFC 7523 §3 item 1)', async ({ idp }) => {
  await expectRejected(idp, { iss: 'someone-else' });
});

test('sub different from the client_id → invalid_client (RFC 7523 §3 item 2)', async ({ idp }) => {
  await expectRejected(idp, { sub: CLIENTS.harness.id });
  await expectRejected(idp, { sub: 'unknown-client' });
});

test('a missing exp → invalid_client (RFC 7523 §3 item 4)', async ({ idp }) => {
  await expectRejected(idp, { expIn: null });
});

test('an exp far in the future (not short-lived) → invalid_client (RFC 7523 §3 item 4)', async ({ idp }) => {
  await expectRejected(idp, { expIn: 3600 });
});

test('a missing jti → invalid_client (RFC 7523 §3 item 7, OIDC Core §9)', async ({ idp }) => {
  await expectRejected(idp, { jti: null });
});

test('a replayed assertion (same jti) → invalid_client the second time (RFC 7523 §3 item 7)', async ({ idp }) => {
  const assertion = await clientAssertion(idp);
  expect((await send(idp, assertion)).status).toBe(200);
  await expectRejected(idp, assertion);
  // A new assertion reusing the jti is a replay too.
  const jti = crypto.randomUUID();
  expect((await send(idp, await clientAssertion(idp, { jti }))).status).toBe(200);
  await expectRejected(idp, { jti });
});

test('a signature by a key not registered for the client → invalid_client (RFC 7523 §3 item 9)', async ({ idp }) => {
  const { privateKey } = await generateKeyPair('ES256');
  await expectRejected(idp, { key: privateKey });
});

test('a tampered payload → invalid_client (RFC 7523 §3 item 9)', async ({ idp }) => {
  const [h, , s] = (await clientAssertion(idp)).split('.');
  const forged = Buffer.from(
    JSON.stringify({ iss: CLIENTS.pkjwt.id, sub: CLIENTS.pkjwt.id, aud: idp.url('/token'), exp: idp.clock.now() + 60, jti: 'x' }),
  ).toString('base64url');
  await expectRejected(idp, `${h}.${forged}.${s}`);
});

test('alg "none" → invalid_client (RFC 7523 §3 item 9, RFC 8725 §3.1)', async ({ idp }) => {
  const now = idp.clock.now();
  await expectRejected(
    idp,
    unsigned({ iss: CLIENTS.pkjwt.id, sub: CLIENTS.pkjwt.id, aud: idp.url('/token'), exp: now + 60, iat: now, jti: crypto.randomUUID() }),
  );
});

test('an HS256 assertion keyed with the public key material → invalid_client (RFC 8725 §2.1, §3.1)', async ({ idp }) => {
  const secret = new TextEncoder().encode('rII8m97RTDfQMrvM69iSxtKUDy-q6YezOVtxNnNhJ_Y');
  const now = idp.clock.now();
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: 'harness-pkjwt-1' })
    .setIssuer(CLIENTS.pkjwt.id)
    .setSubject(CLIENTS.pkjwt.id)
    .setAudience(idp.url('/token'))
    .setExpirationTime(now + 60)
    .setJti(crypto.randomUUID())
    .sign(secret);
  await expectRejected(idp, jwt);
});

test('a wrong client_assertion_type → invalid_client (RFC 7521 §4.2)', async ({ idp }) => {
  const r = await postForm(idp, '/token', {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:example:other',
    client_assertion: await clientAssertion(idp),
  });
  expect(r.status).toBe(401);
  expect(r.json.error).toBe('invalid_client');
});

test('client_assertion missing, or not exactly one JWT → invalid_client (RFC 7521 §4.2, RFC 7523 §2.2)', async ({ idp }) => {
  const one = await clientAssertion(idp);
  const r = await postForm(idp, '/token', { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER });
  expect(r.status).toBe(401);
  expect(r.json.error).toBe('invalid_client');
  await expectRejected(idp, `${one} ${await clientAssertion(idp)}`);
  await expectRejected(idp, `${one}.${one}`);
  await expectRejected(idp, 'not-a-jwt');
  await expectRejected(idp, 'a.b.c');
});

test('an expired assertion is refused once the mock clock passes exp plus skew (RFC 7523 §3 item 4)', async () => {
  const idp = await startMock();
  try {
    const assertion = await clientAssertion(idp, { expIn: 60 });
    idp.clock.advance(60 + 31);
    await expectRejected(idp, assertion);
    // A fresh assertion at the new time is fine: the clock moved, not the key.
    expect((await send(idp, await clientAssertion(idp))).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('an assertion not yet valid (nbf in the future beyond skew) → invalid_client (RFC 7519 §4.1.5)', async ({ idp }) => {
  const now = idp.clock.now();
  const early = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'harness-pkjwt-1' })
    .setIssuer(CLIENTS.pkjwt.id)
    .setSubject(CLIENTS.pkjwt.id)
    .setAudience(idp.url('/token'))
    .setNotBefore(now + 120)
    .setExpirationTime(now + 180)
    .setJti(crypto.randomUUID())
    .sign(await pkjwtPrivateKey());
  await expectRejected(idp, early);
});

test('a client with a registered JWKS cannot authenticate with a secret instead (RFC 6749 §2.3, RFC 7591 §2)', async ({ idp }) => {
  const r = await postForm(idp, '/token', { grant_type: 'client_credentials', client_id: CLIENTS.pkjwt.id, client_secret: 'anything' });
  expect(r.status).toBe(401);
  expect(r.json.error).toBe('invalid_client');
});

test('private_key_jwt also authenticates at introspection with aud = introspection endpoint or issuer (RFC 7662 §2.1, RFC 7523 §3)', async ({
  idp,
}) => {
  const token = (await send(idp, await clientAssertion(idp))).json.access_token as string;
  for (const aud of [idp.url('/introspect'), idp.issuer]) {
    const r = await postForm(idp, '/introspect', {
      token,
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(idp, { aud }),
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.active).toBe(true);
  }
});
