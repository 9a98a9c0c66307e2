// Vitest with the mock IdP: one mock for the file. Run: npx vitest run
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMockIdp } from 'idp-conformance';

let idp;
beforeAll(async () => {
  idp = await startMockIdp({ port: 0, config: { clients: [{ id: 'my-service', secret: 'my-secret', scopes: ['read'] }] } });
});
afterAll(() => idp.close());

test('gets a bearer token (RFC 6749 §4.4)', async () => {
  const res = await fetch(idp.url('/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'my-service', client_secret: 'my-secret' }),
  });
  expect(res.status).toBe(200);
  expect((await res.json()).token_type).toBe('Bearer');
});
