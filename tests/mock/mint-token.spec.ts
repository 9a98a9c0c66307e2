// Bad tokens on demand (issue 10, item 7): idp.mintToken() and POST <issuer>/_admin/tokens return an access
// token exactly as the token endpoint issues it, with the one defect asked for. Each defect is proven by a
// verifier that fetches the JWKS over HTTP (jose, the way a resource server does) and by the mock's own sample
// resource (RFC 6750 §3.1 invalid_token). Real HTTP on port 0.
import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { startMockIdp, type MintOptions, type MockIdp } from '../../mock-idp/index.ts';
import { expect, reply, ROOT, test as base } from './helpers.ts';

const require = createRequire(import.meta.url);

const test = base.extend<object, { mock: MockIdp }>({
  mock: [
    async ({}, use) => {
      const idp = await startMockIdp({
        port: 0,
        clients: [
          { id: 'api-client', secret: 'pw', scopes: ['read', 'write'], defaultScopes: ['read'], claims: { tenant: 'acme' } },
          { id: 'other', secret: 'pw2', scopes: ['read'] },
        ],
      });
      await use(idp);
      await idp.close();
    },
    { scope: 'worker' },
  ],
});

/** What a correct resource server checks (RFC 9068 §4): signature by a published key, iss, aud, exp/nbf, typ. */
async function verify(idp: MockIdp, token: string) {
  const jwks = createRemoteJWKSet(new URL(idp.endpoints.jwks));
  return jwtVerify(token, jwks, {
    issuer: idp.issuer,
    audience: idp.endpoints.resource,
    typ: 'at+jwt',
    algorithms: ['RS256'],
  });
}

async function rejection(idp: MockIdp, token: string): Promise<string> {
  try {
    await verify(idp, token);
    return 'accepted';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

async function tokenEndpoint(idp: MockIdp): Promise<string> {
  const r = await fetch(idp.endpoints.token, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from('api-client:pw').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await r.json()) as { access_token: string }).access_token;
}

async function resourceStatus(idp: MockIdp, token: string): Promise<{ status: number; challenge: string | null }> {
  const r = await fetch(idp.endpoints.resource, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, challenge: r.headers.get('www-authenticate') };
}

test('mintToken() with no defect is the token the endpoint issues: same header and claims, verifies, accepted by the resource (RFC 9068 §2)', async ({
  mock,
}) => {
  const minted = await mock.mintToken({ client: 'api-client' });
  const issued = await tokenEndpoint(mock);
  expect(decodeProtectedHeader(minted)).toEqual(decodeProtectedHeader(issued));
  const a = decodeJwt(minted);
  const b = decodeJwt(issued);
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const k of ['iss', 'sub', 'aud', 'client_id', 'scope', 'tenant']) expect(a[k]).toEqual(b[k]);
  expect(a.exp! - a.iat!).toBe(b.exp! - b.iat!);
  expect(await rejection(mock, minted)).toBe('accepted');
  expect((await resourceStatus(mock, minted)).status).toBe(200);
});

const DEFECTS: { name: string; options: MintOptions; code: string }[] = [
  { name: 'expired (RFC 7519 §4.1.4)', options: { expired: true }, code: 'ERR_JWT_EXPIRED' },
  { name: 'expired 120 s ago, past a 60 s leeway', options: { expired: 120 }, code: 'ERR_JWT_EXPIRED' },
  { name: 'not yet valid (RFC 7519 §4.1.5 nbf)', options: { notBefore: true }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
  { name: 'another audience (RFC 9068 §4 aud)', options: { aud: 'https://other-api.example' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
  { name: 'another issuer (RFC 9068 §4 iss)', options: { iss: 'https://evil.example' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
  { name: 'unknown kid (RFC 7515 §4.1.4)', options: { kid: 'unknown' }, code: 'ERR_JWKS_NO_MATCHING_KEY' },
  { name: 'alg none (RFC 8725 §3.1)', options: { alg: 'none' }, code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  { name: 'HS256 keyed with the public key (RFC 8725 §2.1)', options: { alg: 'HS256-with-public-key' }, code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  {
    name: 'signed by an unpublished key under the published kid',
    options: { signedBy: 'unpublished-key' },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  { name: 'typ JWT instead of at+jwt (RFC 9068 §4)', options: { typ: 'JWT' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
  { name: 'no typ (RFC 9068 §4)', options: { typ: null }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' },
];

for (const d of DEFECTS) {
  test(`mintToken: ${d.name} is rejected by a JWKS verifier and by the sample resource`, async ({ mock }) => {
    const token = await mock.mintToken(d.options);
    expect(await rejection(mock, token)).toBe(d.code);
    const r = await resourceStatus(mock, token);
    expect(r.status).toBe(401);
    expect(r.challenge).toContain('error="invalid_token"');
  });

  test(`POST /_admin/tokens: ${d.name} — the same defect over HTTP`, async ({ mock }) => {
    const r = await reply(
      await fetch(`${mock.adminUrl}/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(d.options),
      }),
    );
    expect(r.status).toBe(200);
    expect(r.json.token_type).toBe('Bearer');
    expect(r.json.header).toEqual(decodeProtectedHeader(r.json.access_token));
    expect(r.json.claims).toEqual(decodeJwt(r.json.access_token));
    expect(await rejection(mock, r.json.access_token)).toBe(d.code);
  });
}

test('HS256-with-public-key is exactly the algorithm-confusion token: HMAC over the JWS input keyed with the published key as SPKI PEM', async ({
  mock,
}) => {
  const token = await mock.mintToken({ alg: 'HS256-with-public-key' });
  expect(decodeProtectedHeader(token).alg).toBe('HS256');
  const jwks = (await (await fetch(mock.endpoints.jwks)).json()) as { keys: JWK[] };
  const pem = createPublicKey({ key: jwks.keys[0] as JsonWebKey, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  });
  const [h, p, sig] = token.split('.');
  expect(createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url')).toBe(sig);
});

test('signedBy unpublished-key keeps the published kid; kid unknown is not in the JWKS; alg none has an empty signature', async ({
  mock,
}) => {
  const jwks = (await (await fetch(mock.endpoints.jwks)).json()) as { keys: JWK[] };
  const kids = jwks.keys.map((k) => k.kid);
  expect(kids).toContain(decodeProtectedHeader(await mock.mintToken({ signedBy: 'unpublished-key' })).kid);
  expect(kids).not.toContain(decodeProtectedHeader(await mock.mintToken({ kid: 'unknown' })).kid);
  const none = await mock.mintToken({ alg: 'none' });
  expect(decodeProtectedHeader(none).alg).toBe('none');
  expect(none.endsWith('.')).toBe(true);
});

test('claims, scope, client and lifetime shape the token; a null claim is removed', async ({ mock }) => {
  mock.clock.freeze();
  const now = mock.clock.now();
  const t = decodeJwt(
    await mock.mintToken({ client: 'other', scope: ['read', 'admin'], claims: { sub: null, roles: ['x'] }, lifetime: 60 }),
  );
  expect(t.client_id).toBe('other');
  expect(t.scope).toBe('read admin');
  expect(t.sub).toBeUndefined();
  expect(t.roles).toEqual(['x']);
  expect(t.exp! - t.iat!).toBe(60);
  const expired = decodeJwt(await mock.mintToken({ expired: 30, notBefore: 10 }));
  expect(expired.exp).toBe(now - 30);
  expect(expired.nbf).toBe(now + 10);
  mock.clock.unfreeze();
});

for (const [body, mentions] of [
  [{ expired: -1 }, '/expired'],
  [{ alg: 'RS512' }, '/alg'],
  [{ signedBy: 'someone' }, '/signedBy'],
  [{ colour: 'red' }, 'colour'],
  [{ client: 'nobody' }, 'nobody'],
  [{ alg: 'none', signedBy: 'unpublished-key' }, '/signedBy'],
  [{ scope: ['bad"scope'] }, '/scope'],
  [[1, 2], '(body)'],
] as const) {
  test(`POST /_admin/tokens with bad options ${JSON.stringify(body)} is 400 invalid_request naming ${mentions}`, async ({ mock }) => {
    const r = await reply(
      await fetch(`${mock.adminUrl}/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
    expect(r.json.message).toContain(mentions);
  });
}

test('idp.mintToken with bad options rejects with an AdminError 400 invalid_request', async ({ mock }) => {
  await expect(mock.mintToken({ client: 'nobody' })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
  await expect(mock.mintToken({ lifetime: 0 })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
});

test('POST /_admin/tokens needs the admin token when one is set', async () => {
  const idp = await startMockIdp({ port: 0, adminToken: 'admin-secret' });
  try {
    expect((await fetch(`${idp.adminUrl}/tokens`, { method: 'POST' })).status).toBe(401);
    const ok = await fetch(`${idp.adminUrl}/tokens`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret' } });
    expect(ok.status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('the README example "How to test that your API rejects bad tokens" runs as printed (against dist/, the package entry)', async () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const code = /<!-- example:reject-bad-tokens -->\n```js\n([\s\S]*?)```/.exec(readme)![1]!;
  // The package name resolves to this checkout's build; jose from its node_modules.
  const runnable = code
    .replace(`from 'idp-conformance'`, `from '${pathToFileURL(`${ROOT}dist/index.js`).href}'`)
    .replace(`from 'jose'`, `from '${pathToFileURL(require.resolve('jose')).href}'`);
  const dir = mkdtempSync(join(tmpdir(), 'readme-example-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), runnable);
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('the API rejected all 9 bad tokens');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
