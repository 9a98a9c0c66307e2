// interceptIdp (issue #10 item 2): a real issuer's URLs answered inside the process by the mock, through nock —
// no port, no network. Proven with fetch (undici; also through openid-client and jose) and node:https, for the
// Oracle identity domain (oci-iam) and ServiceNow profiles; other hosts pass or are refused; restore() removes it.
// No test here lets a request reach the network: checks that a request is NOT intercepted fail its DNS lookup
// in process (a `lookup` that throws) instead.
import { request } from 'node:https';
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { expect, test } from '@playwright/test';
import { InputError } from '../../lib/errors.ts';
import { interceptIdp } from '../../mock-idp/intercept.ts';
import { applicationGuid } from '../../mock-idp/tokens.ts';

const ORACLE = 'https://idcs-0123.identity.oraclecloud.com';
const SERVICENOW = 'https://acme.service-now.com';
const ORACLE_SCOPE = 'urn:opc:idm:__myscopes__';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** node:https; a DNS lookup fails in process, so a request that is not intercepted never leaves it. */
function httpsRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        lookup: (host, _o, cb) => cb(new Error(`not intercepted: lookup ${host}`), '', 4),
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

test.describe.configure({ mode: 'serial' }); // nock is process-wide: one interception at a time

test('oci-iam via fetch: discovery, token, JWKS, introspection and revocation at the domain URL (Oracle IAM REST API; RFC 8414, 6749 §4.4, 7662, 7009)', async () => {
  const idp = await interceptIdp({
    issuer: ORACLE,
    profile: 'oci-iam',
    clients: [{ id: 'my-app', secret: 'my-secret', scopes: [ORACLE_SCOPE] }],
    otherHosts: 'refuse',
  });
  try {
    const meta = (await (await fetch(`${ORACLE}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(meta.token_endpoint).toBe(`${ORACLE}/oauth2/v1/token`);
    expect(meta.jwks_uri).toBe(`${ORACLE}/admin/v1/SigningCert/jwk`);
    const res = await fetch(meta.token_endpoint!, {
      method: 'POST',
      headers: { ...form, authorization: basic('my-app', 'my-secret') },
      body: `grant_type=client_credentials&scope=${ORACLE_SCOPE}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { access_token } = (await res.json()) as { access_token: string };
    // jose fetches the JWKS through the interception too.
    const { payload } = await jwtVerify(access_token, createRemoteJWKSet(new URL(meta.jwks_uri!)));
    // Oracle documents the token's client_id as the application's GUID; sub is the client id (AccessToken.htm).
    expect(payload).toMatchObject({ sub: 'my-app', client_id: applicationGuid('my-app') });
    const introspect = (token: string) =>
      fetch(`${ORACLE}/oauth2/v1/introspect`, {
        method: 'POST',
        headers: { ...form, authorization: basic('my-app', 'my-secret') },
        body: `token=${token}`,
      }).then((r) => r.json() as Promise<{ active: boolean }>);
    expect((await introspect(access_token)).active).toBe(true);
    const revoke = await fetch(`${ORACLE}/oauth2/v1/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: basic('my-app', 'my-secret') },
      body: `token=${access_token}`,
    });
    expect(revoke.status).toBe(200);
    expect(await introspect(access_token)).toEqual({ active: false });
    // A wrong secret: Oracle's documented invalid_client, from the same profile data as the HTTP mock.
    const bad = await fetch(meta.token_endpoint!, {
      method: 'POST',
      headers: { ...form, authorization: basic('my-app', 'wrong') },
      body: 'grant_type=client_credentials',
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
  } finally {
    await idp.restore();
  }
});

test('oci-iam via openid-client (certified, fetch-based): discovery and client_credentials against the production URL', async () => {
  const idp = await interceptIdp({
    issuer: ORACLE,
    profile: 'oci-iam',
    clients: [{ id: 'my-app', secret: 'my-secret', scopes: [ORACLE_SCOPE] }],
  });
  try {
    const config = await oidc.discovery(new URL(ORACLE), 'my-app', undefined, oidc.ClientSecretBasic('my-secret'));
    expect(config.serverMetadata().issuer).toBe(ORACLE);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: ORACLE_SCOPE });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
  } finally {
    await idp.restore();
  }
});

test('oci-iam via node:https request: token and JWKS (plain https.request, as axios and older SDKs use)', async () => {
  const idp = await interceptIdp({
    issuer: ORACLE,
    profile: 'oci-iam',
    clients: [{ id: 'my-app', secret: 'my-secret', scopes: [ORACLE_SCOPE] }],
  });
  try {
    const token = await httpsRequest(`${ORACLE}/oauth2/v1/token`, {
      method: 'POST',
      headers: { ...form, authorization: basic('my-app', 'my-secret') },
      body: `grant_type=client_credentials&scope=${ORACLE_SCOPE}`,
    });
    expect(token.status).toBe(200);
    const jwks = await httpsRequest(`${ORACLE}/admin/v1/SigningCert/jwk`);
    expect(JSON.parse(jwks.body).keys.length).toBeGreaterThan(0);
  } finally {
    await idp.restore();
  }
});

for (const client of ['fetch', 'node:https'] as const) {
  test(`servicenow via ${client}: /oauth_token.do, GET /oauth_revoke_token.do and the JWKS at the instance URL (ServiceNow OAuth docs)`, async () => {
    const idp = await interceptIdp({ issuer: SERVICENOW, profile: 'servicenow', clients: [{ id: 'integration', secret: 'sn-secret' }] });
    const send = async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
      if (client === 'node:https') return httpsRequest(url, init);
      const r = await fetch(url, init);
      return { status: r.status, body: await r.text() };
    };
    try {
      const token = await send(`${SERVICENOW}/oauth_token.do`, {
        method: 'POST',
        headers: form,
        body: 'grant_type=client_credentials&client_id=integration&client_secret=sn-secret',
      });
      expect(token.status).toBe(200);
      const body = JSON.parse(token.body) as { access_token: string; expires_in: number };
      expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{86}$/); // opaque, 64 bytes (profile tokens.opaqueBytes)
      expect(body.expires_in).toBeLessThanOrEqual(1800);
      const table = await send(`${SERVICENOW}/api/now/table/incident`, { headers: { authorization: `Bearer ${body.access_token}` } });
      expect(table.status).not.toBe(401);
      expect((await send(`${SERVICENOW}/oauth_revoke_token.do?token=${body.access_token}`)).status).toBe(200);
      expect(
        (await send(`${SERVICENOW}/api/now/table/incident`, { headers: { authorization: `Bearer ${body.access_token}` } })).status,
      ).toBe(401);
      expect((await send(`${SERVICENOW}/api/now/oauth/jwks`)).status).toBe(200);
      // A path the mock does not serve: its JSON 404, not a network request.
      expect((await send(`${SERVICENOW}/no/such/path`)).status).toBe(404);
    } finally {
      await idp.restore();
    }
  });
}

test('other hosts: untouched by default (a loopback server still answers), refused with otherHosts: refuse', async () => {
  const local = createServer((_req, res) => res.end('local')).listen(0, '127.0.0.1');
  await new Promise((r) => local.once('listening', r));
  const localUrl = `http://127.0.0.1:${(local.address() as { port: number }).port}/`;
  try {
    const passing = await interceptIdp({ issuer: ORACLE, profile: 'oci-iam' });
    try {
      expect(await (await fetch(localUrl)).text()).toBe('local');
    } finally {
      await passing.restore();
    }
    const refusing = await interceptIdp({ issuer: ORACLE, profile: 'oci-iam', otherHosts: 'refuse' });
    try {
      await expect(fetch(localUrl)).rejects.toThrow();
      await expect(httpsRequest('https://unrelated.example/')).rejects.toThrow(/Disallowed net connect/);
      expect((await fetch(`${ORACLE}/admin/v1/SigningCert/jwk`)).status).toBe(200);
    } finally {
      await refusing.restore();
    }
    // restore() let other hosts through again.
    expect(await (await fetch(localUrl)).text()).toBe('local');
  } finally {
    local.close();
  }
});

test('restore() removes the interception: the issuer URL is a network request again (here: a failing DNS lookup)', async () => {
  const idp = await interceptIdp({ issuer: ORACLE, profile: 'oci-iam' });
  expect((await httpsRequest(`${ORACLE}/admin/v1/SigningCert/jwk`)).status).toBe(200);
  await idp.restore();
  await expect(httpsRequest(`${ORACLE}/admin/v1/SigningCert/jwk`)).rejects.toThrow(/not intercepted: lookup idcs-0123/);
});

test('interceptIdp with an issuer that is not an absolute http(s) URL is an InputError naming it', async () => {
  await expect(interceptIdp({ issuer: 'idcs-0123.identity.oraclecloud.com' })).rejects.toThrow(InputError);
  await expect(interceptIdp({ issuer: 'ftp://x.example' })).rejects.toThrow(/issuer "ftp:\/\/x\.example" is not an absolute http\(s\) URL/);
});
