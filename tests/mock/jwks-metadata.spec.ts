// JWK Set (RFC 7517) and authorization server metadata at both well-known locations (RFC 8414 §2, §3;
// OIDC Discovery §4; RFC 9068 §4).
import { accessToken, claims, configWith, expect, get, startMock, test } from './helpers.ts';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

test.describe('JWKS', () => {
  test('the JWK Set has public members only, each key with kid, use=sig and alg (RFC 7517 §4, §5)', async ({ idp }) => {
    const r = await get(idp, '/jwks');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json.keys.length).toBeGreaterThan(0);
    for (const key of r.json.keys) {
      for (const m of PRIVATE_MEMBERS) expect(key, m).not.toHaveProperty(m);
      expect(key.kty).not.toBe('oct');
      expect(typeof key.kid).toBe('string');
      expect(key.use).toBe('sig');
      expect(key.alg).toBe('RS256');
    }
    expect(new Set(r.json.keys.map((k: { kid: string }) => k.kid)).size).toBe(r.json.keys.length);
  });

  test('EC and OKP keys also publish only public members (RFC 7517 §4, RFC 8037 §2)', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const idp = await startMock({ config: configWith({ tokens: { alg } }) });
      try {
        for (const key of (await get(idp, '/jwks')).json.keys)
          for (const m of PRIVATE_MEMBERS) expect(key, `${alg} ${m}`).not.toHaveProperty(m);
      } finally {
        await idp.close();
      }
    }
  });

  test('HEAD on the JWKS answers 200 without a body (RFC 9110 §9.3.2)', async ({ idp }) => {
    const r = await fetch(idp.url('/jwks'), { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });

  test('POST on the JWKS → 405 with Allow (RFC 9110 §15.5.6)', async ({ idp }) => {
    const r = await fetch(idp.url('/jwks'), { method: 'POST' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('GET');
  });
});

test.describe('metadata', () => {
  const WELL_KNOWN = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'];

  test('both well-known documents are served and identical (RFC 8414 §3, OIDC Discovery §4, RFC 9068 §4)', async ({ idp }) => {
    const [a, b] = await Promise.all(WELL_KNOWN.map((p) => get(idp, p)));
    for (const r of [a!, b!]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(a!.json).toEqual(b!.json);
  });

  test('issuer is identical to the token iss (RFC 8414 §3.3, RFC 9068 §4)', async ({ idp }) => {
    const doc = (await get(idp, WELL_KNOWN[0]!)).json;
    expect(doc.issuer).toBe(idp.issuer);
    expect(claims(await accessToken(idp)).iss).toBe(doc.issuer);
  });

  test('endpoints are absolute URLs under registered names, and they answer (RFC 8414 §2)', async ({ idp }) => {
    const doc = (await get(idp, WELL_KNOWN[0]!)).json;
    for (const name of ['token_endpoint', 'jwks_uri', 'introspection_endpoint', 'revocation_endpoint']) {
      const url = new URL(doc[name]);
      expect(url.origin).toBe(new URL(idp.issuer).origin);
    }
    expect((await fetch(doc.jwks_uri)).status).toBe(200);
    expect((await fetch(doc.token_endpoint, { method: 'POST' })).status).toBe(400);
  });

  test('grant_types_supported lists client_credentials; auth methods and signing algs are advertised without none (RFC 8414 §2)', async ({
    idp,
  }) => {
    const doc = (await get(idp, WELL_KNOWN[0]!)).json;
    expect(doc.grant_types_supported).toContain('client_credentials');
    expect(doc.response_types_supported).toBeDefined();
    for (const p of ['token_endpoint', 'introspection_endpoint', 'revocation_endpoint']) {
      expect(doc[`${p}_auth_methods_supported`]).toEqual(
        expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt']),
      );
      const algs = doc[`${p}_auth_signing_alg_values_supported`];
      expect(algs).toContain('ES256');
      expect(algs).not.toContain('none');
      expect(algs.some((a: string) => a.startsWith('HS'))).toBe(false);
    }
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['read', 'write']));
  });

  test('no member is an empty array (RFC 8414 §3.2)', async () => {
    // No clients → no scopes: scopes_supported must then be omitted, not [].
    const idp = await startMock({ config: { clients: [] } });
    try {
      const doc = (await get(idp, WELL_KNOWN[0]!)).json;
      for (const [k, v] of Object.entries(doc)) expect(Array.isArray(v) && v.length === 0, k).toBe(false);
      expect(doc).not.toHaveProperty('scopes_supported');
    } finally {
      await idp.close();
    }
  });

  test('an issuer with a path inserts the well-known suffix before the path (RFC 8414 §3.1) and prefixes every endpoint', async () => {
    const idp = await startMock({ issuer: 'https://idp.example/tenant-a' });
    try {
      const base = `http://127.0.0.1:${idp.port}`;
      const inserted = await fetch(`${base}/.well-known/oauth-authorization-server/tenant-a`);
      expect(inserted.status).toBe(200);
      const doc = await inserted.json();
      expect(doc.issuer).toBe('https://idp.example/tenant-a');
      expect(doc.token_endpoint).toBe('https://idp.example/tenant-a/token');
      const appended = await fetch(`${base}/tenant-a/.well-known/openid-configuration`);
      expect(await appended.json()).toEqual(doc);
      expect((await fetch(`${base}/tenant-a/jwks`)).status).toBe(200);
      expect((await fetch(`${base}/.well-known/oauth-authorization-server`)).status).toBe(404);
    } finally {
      await idp.close();
    }
  });
});
