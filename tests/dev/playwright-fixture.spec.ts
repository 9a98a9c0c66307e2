// `idp-conformance/playwright` (issue #10 item 1): the `mockIdp` fixture, one mock per worker by default or per
// test by option, configured by fixture options (profile, clients, faults, token format / alg, TLS). Each test
// talks to the mock over real HTTP(S) on port 0.
import { request } from 'node:https';
import { decodeProtectedHeader } from 'jose';
import { DEFAULT_CLIENT, expect, test } from '../../src/playwright.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function token(url: string, id: string, secret: string, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { ...form, authorization: basic(id, secret) },
    body: 'grant_type=client_credentials',
    ...init,
  });
}

test('the fixture\'s default client is the CLI\'s documented one, mock-client / mock-secret (README "The mock IdP")', () => {
  expect(DEFAULT_CLIENT).toEqual({ id: 'mock-client', secret: 'mock-secret' });
});

test.describe('worker-scoped (the default)', () => {
  test.describe.configure({ mode: 'serial' });
  const seen: string[] = [];
  for (const n of [1, 2]) {
    test(`test ${n} gets the worker's one mock, with the default client (RFC 6749 §4.4)`, async ({ mockIdp }) => {
      const res = await token(mockIdp.url('/token'), DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret);
      expect(res.status).toBe(200);
      seen.push(mockIdp.issuer);
      if (n === 2) expect(seen).toEqual([seen[0], seen[0]]);
    });
  }
});

test.describe('idpScope: test', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ idpScope: 'test' });
  const seen: string[] = [];
  for (const n of [1, 2]) {
    test(`test ${n} gets a mock of its own, stopped after it`, async ({ mockIdp }) => {
      seen.push(mockIdp.issuer);
      mockIdp.clock.advance(3600); // would leak into the next test on a shared mock
      if (n === 2) {
        expect(seen[1]).not.toBe(seen[0]);
        await expect(fetch(`${seen[0]}/jwks`)).rejects.toThrow(); // the first test's mock is closed
      }
    });
  }
});

test.describe('idpProfile, idpClients and idpTokens', () => {
  test.use({
    idpProfile: 'servicenow',
    idpClients: [{ id: 'svc', secret: 'svc-secret', scopes: ['useraccount'] }],
    idpTokens: { format: 'jwt', alg: 'ES256' },
  });
  test("the ServiceNow profile's token path serves the configured client an ES256 JWT (ServiceNow OAuth docs; RFC 9068 §2.1)", async ({
    mockIdp,
  }) => {
    const tokenUrl = mockIdp.url(mockIdp.context.settings.paths.token);
    expect(tokenUrl).toMatch(/\/oauth_token\.do$/);
    const res = await token(tokenUrl, 'svc', 'svc-secret');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    expect(decodeProtectedHeader(body.access_token).alg).toBe('ES256');
    expect((await token(tokenUrl, DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret)).status).toBe(401); // idpClients replaces the default
  });
});

test.describe('idpProfile without idpClients', () => {
  test.use({ idpProfile: 'servicenow' });
  test("the default client gets a token at the profile's token URL and may read its sample resource (ServiceNow OAuth docs; RFC 6750 §2.1)", async ({
    mockIdp,
  }) => {
    const res = await token(mockIdp.endpoints.token, DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret);
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const resource = await fetch(mockIdp.endpoints.resource, { headers: { authorization: `Bearer ${access_token}` } });
    expect(resource.status).toBe(200);
  });
});

test.describe('idpFaults', () => {
  test.use({ idpFaults: [{ name: 'rate-limited', when: { nth: 2 } }], idpScope: 'test' });
  test('a fault switched on by option fires as scheduled: the 2nd token request gets 429 + Retry-After (RFC 6585 §4)', async ({
    mockIdp,
  }) => {
    expect((await token(mockIdp.url('/token'), DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret)).status).toBe(200);
    const second = await token(mockIdp.url('/token'), DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeTruthy();
  });
});

test.describe('idpTls', () => {
  test.use({ idpTls: true });
  test('the mock serves https and mockIdp.ca verifies it', async ({ mockIdp }) => {
    expect(mockIdp.issuer).toMatch(/^https:/);
    const status = await new Promise<number>((resolve, reject) =>
      request(mockIdp.url('/jwks'), { ca: mockIdp.ca }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(200);
  });
});

test.describe('idpOptions', () => {
  test.use({ idpOptions: { config: 'fixtures/mock-idp.yaml' } });
  test("a config file's clients, and no default client beside them", async ({ mockIdp }) => {
    expect((await token(mockIdp.url('/token'), 'harness-client-2', 'second-secret')).status).toBe(200);
    expect((await token(mockIdp.url('/token'), DEFAULT_CLIENT.id, DEFAULT_CLIENT.secret)).status).toBe(401);
  });
});
