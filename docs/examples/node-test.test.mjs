// node:test (Node ≥ 20, no test framework to install) with the mock IdP: one mock for the file, started before
// the tests and closed after them. Run: node --test node-test.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockIdp } from 'idp-conformance';

let idp;
before(async () => {
  idp = await startMockIdp({ port: 0, config: { clients: [{ id: 'my-service', secret: 'my-secret', scopes: ['read'] }] } });
});
after(() => idp.close());

/** What the code under test would do: the client-credentials grant (RFC 6749 §4.4) against the issuer. */
async function getToken(tokenUrl, clientId, clientSecret) {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=read',
  });
  return { status: res.status, body: await res.json() };
}

test('gets a bearer token', async () => {
  const { status, body } = await getToken(idp.url('/token'), 'my-service', 'my-secret');
  assert.equal(status, 200);
  assert.equal(body.token_type, 'Bearer');
});

test('a wrong secret gets invalid_client', async () => {
  const { status, body } = await getToken(idp.url('/token'), 'my-service', 'wrong');
  assert.equal(status, 401);
  assert.equal(body.error, 'invalid_client');
});

test('an expired token is refused by the resource (mock clock)', async () => {
  const { body } = await getToken(idp.url('/token'), 'my-service', 'my-secret');
  idp.clock.advance(3601);
  const res = await fetch(idp.url('/resource'), { headers: { authorization: `Bearer ${body.access_token}` } });
  assert.equal(res.status, 401);
});
