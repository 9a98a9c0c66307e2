// Access tokens: RFC 9068 JWT profile (header, required claims, scope, custom claims), signing algorithms,
// keys from files, opaque tokens (RFC 6749 §10.10), and the one mock clock (RFC 7519 §4.1.4).
import { createLocalJWKSet, jwtVerify } from 'jose';
import { accessToken, claims, CLIENTS, configWith, expect, fixture, get, header, startMock, test, tokenRequest } from './helpers.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

async function verifyWithJwks(idp: MockIdp, token: string) {
  const jwks = (await get(idp, '/jwks')).json;
  return jwtVerify(token, createLocalJWKSet(jwks), { issuer: idp.issuer, typ: 'at+jwt', currentDate: idp.clock.date() });
}

test.describe('RFC 9068 JWT access tokens', () => {
  test('the header has typ at+jwt, alg RS256 by default and a kid published in the JWKS (RFC 9068 §2.1, §4)', async ({ idp }) => {
    const token = await accessToken(idp);
    const h = header(token);
    expect(h.typ).toBe('at+jwt');
    expect(h.alg).toBe('RS256');
    const kids = (await get(idp, '/jwks')).json.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toContain(h.kid);
    await verifyWithJwks(idp, token);
  });

  test('iss, exp, aud, sub, client_id, iat and jti are present; sub = client_id = the authenticated client (RFC 9068 §2.2)', async ({
    idp,
  }) => {
    const c = claims(await accessToken(idp));
    for (const name of ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti']) expect(c, name).toHaveProperty(name);
    expect(c.iss).toBe(idp.issuer);
    expect(c.client_id).toBe(CLIENTS.harness.id);
    expect(c.sub).toBe(CLIENTS.harness.id);
    expect(c.aud).toBe(idp.url('/resource'));
  });

  test('exp and iat are integer seconds from the mock clock and exp - iat = expires_in (RFC 7519 §2, RFC 6749 §5.1)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.harness);
    const c = claims(r.json.access_token);
    expect(Number.isInteger(c.iat)).toBe(true);
    expect(Number.isInteger(c.exp)).toBe(true);
    expect(Math.abs(c.iat! - idp.clock.now())).toBeLessThanOrEqual(2);
    expect(c.exp! - c.iat!).toBe(r.json.expires_in);
  });

  test('scope is a space-delimited string of the granted scopes (RFC 9068 §2.2.3)', async ({ idp }) => {
    expect(claims(await accessToken(idp, CLIENTS.harness, { scope: 'read write' })).scope).toBe('read write');
    expect(claims(await accessToken(idp, CLIENTS.harness)).scope).toBe('read');
  });

  test('per-client custom claims are added (RFC 9068 §2.2.3.1 style extension claims)', async ({ idp }) => {
    expect(claims(await accessToken(idp)).tenant).toBe('example');
    expect(claims(await accessToken(idp, CLIENTS.second)).tenant).toBeUndefined();
  });

  test('custom claims cannot override iss, sub, client_id, aud, exp, iat or jti (RFC 9068 §2.2)', async () => {
    const idp = await startMock({
      config: configWith({
        clients: [
          {
            id: 'sneaky',
            secret: 's',
            scopes: ['read'],
            claims: { iss: 'https://evil.example', sub: 'admin', client_id: 'admin', aud: 'x', exp: 1, iat: 1, jti: 'fixed' },
          },
        ],
      }),
    });
    try {
      const token = await accessToken(idp, { id: 'sneaky', secret: 's' });
      const c = claims(token);
      expect(c.iss).toBe(idp.issuer);
      expect(c.sub).toBe('sneaky');
      expect(c.client_id).toBe('sneaky');
      expect(c.aud).toBe(idp.url('/resource'));
      expect(c.jti).not.toBe('fixed');
      expect(c.exp).toBeGreaterThan(idp.clock.now());
      await verifyWithJwks(idp, token);
    } finally {
      await idp.close();
    }
  });

  test('jti values are unique across tokens (RFC 7519 §4.1.7)', async ({ idp }) => {
    const tokens = await Promise.all(Array.from({ length: 25 }, () => accessToken(idp)));
    expect(new Set(tokens.map((t) => claims(t).jti)).size).toBe(25);
  });

  test('resource=<allowed URI> becomes aud (RFC 8707 §2, RFC 9068 §3)', async ({ idp }) => {
    expect(claims(await accessToken(idp, CLIENTS.harness, { resource: idp.url('/resource') })).aud).toBe(idp.url('/resource'));
  });

  test('a per-client token lifetime sets exp and expires_in (RFC 6749 §5.1)', async () => {
    const idp = await startMock({ config: configWith({ clients: [{ id: 'short', secret: 's', scopes: ['read'], tokenLifetime: 300 }] }) });
    try {
      const r = await tokenRequest(idp, { id: 'short', secret: 's' });
      expect(r.json.expires_in).toBe(300);
      const c = claims(r.json.access_token);
      expect(c.exp! - c.iat!).toBe(300);
    } finally {
      await idp.close();
    }
  });
});

test.describe('signing algorithms and keys', () => {
  for (const alg of ['ES256', 'PS256', 'EdDSA'] as const) {
    test(`tokens.alg ${alg} signs with ${alg} and the JWKS key verifies it (RFC 9068 §2.1, RFC 7518 §3)`, async () => {
      const idp = await startMock({ config: configWith({ tokens: { alg } }) });
      try {
        const token = await accessToken(idp);
        expect(header(token).alg).toBe(alg);
        const { protectedHeader } = await verifyWithJwks(idp, token);
        expect(protectedHeader.typ).toBe('at+jwt');
        const key = (await get(idp, '/jwks')).json.keys[0];
        expect(key.alg).toBe(alg);
      } finally {
        await idp.close();
      }
    });
  }

  test('a signing key loaded from a private JWK file signs with its own kid (RFC 7517 §4.5)', async () => {
    const idp = await startMock({ config: configWith({ keys: [{ file: fixture('keys/mock-signing-rs256.private.jwk.json') }] }) });
    try {
      const token = await accessToken(idp);
      expect(header(token).kid).toBe('mock-signing-rs256-1');
      await verifyWithJwks(idp, token);
      const jwks = (await get(idp, '/jwks')).json;
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).not.toHaveProperty('d');
    } finally {
      await idp.close();
    }
  });

  test('a key file without a private part fails the start (configuration error)', async () => {
    await expect(startMock({ config: configWith({ keys: [{ file: fixture('keys/harness-pkjwt.public.jwks.json') }] }) })).rejects.toThrow(
      /signing key/,
    );
  });
});

test.describe('opaque tokens', () => {
  test('a per-client opaque token carries ≥ 128 bits of randomness and is not a JWT (RFC 6749 §10.10)', async ({ idp }) => {
    const r = await tokenRequest(idp, CLIENTS.opaque);
    expect(r.status).toBe(200);
    const token = r.json.access_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('.');
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(r.json.token_type).toBe('Bearer');
    expect(r.json.expires_in).toBe(3600);
  });

  test('tokens.format opaque makes every client opaque (RFC 6749 §1.4)', async () => {
    const idp = await startMock({ config: configWith({ tokens: { format: 'opaque' } }) });
    try {
      expect(await accessToken(idp)).not.toContain('.');
    } finally {
      await idp.close();
    }
  });
});

test.describe('mock clock', () => {
  test('the clock offset from the library option shifts iat and exp (RFC 7519 §4.1.4, §4.1.6)', async () => {
    const idp = await startMock({ clockOffset: 86_400 });
    try {
      const c = claims(await accessToken(idp));
      expect(Math.abs(c.iat! - (Math.floor(Date.now() / 1000) + 86_400))).toBeLessThanOrEqual(2);
    } finally {
      await idp.close();
    }
  });

  test('the config clock.offset shifts iat, and idp.clock.advance moves it further (RFC 7519 §4.1.6)', async () => {
    const idp = await startMock({ config: configWith({ clock: { offset: -7200 } }) });
    try {
      const real = Math.floor(Date.now() / 1000);
      expect(Math.abs(claims(await accessToken(idp)).iat! - (real - 7200))).toBeLessThanOrEqual(2);
      idp.clock.advance(10_000);
      expect(Math.abs(claims(await accessToken(idp)).iat! - (real - 7200 + 10_000))).toBeLessThanOrEqual(2);
    } finally {
      await idp.close();
    }
  });
});
