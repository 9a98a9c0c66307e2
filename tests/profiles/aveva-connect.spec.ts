// AVEVA CONNECT data services profile (vendor-behaviour.md B.3): identity under {resource}/identity with
// OIDC discovery, body credentials as in AVEVA's samples, 3600 s tokens, the Tenant Member role.
import { claims, expect, origin, postForm, test } from './helpers.ts';

const CLIENT = { id: '3f2c9a4e-8b1d-4e7a-9c55-0a1b2c3d4e5f', secret: 'aveva-secret' };
const config = {
  clients: [
    { id: CLIENT.id, secret: CLIENT.secret },
    { id: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', secret: 'short', tokenLifetime: 60 },
  ],
};

test('discovery at {resource}/identity/.well-known/openid-configuration names the token endpoint (AVEVA sample)', async ({ mock }) => {
  // https://github.com/AVEVA/sample-adh-authentication_client_credentials_simple-python
  const idp = await mock({ profile: 'aveva-connect', config });
  const base = origin(idp);
  expect(idp.issuer).toBe(`${base}/identity`);
  const meta = await (await fetch(`${base}/identity/.well-known/openid-configuration`)).json();
  expect(meta).toMatchObject({
    issuer: `${base}/identity`,
    token_endpoint: `${base}/identity/connect/token`,
    jwks_uri: `${base}/identity/.well-known/openid-configuration/jwks`,
  });
});

test('client_id and client_secret in the form body, no scope: a 3600 s JWT (AVEVA: add a client-credentials client)', async ({ mock }) => {
  // https://docs.aveva.com/bundle/connect-data-services/page/1263324.html
  const idp = await mock({ profile: 'aveva-connect', config });
  const r = await postForm(idp, '/connect/token', { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  expect(claims(r.json.access_token).iss).toBe(idp.issuer);
  expect(r.json).not.toHaveProperty('refresh_token');
});

test('a client token lifetime of 60 s (the documented minimum) is honoured and expires on the mock clock (AVEVA: token lifetime 60–3600)', async ({
  mock,
}) => {
  // https://docs.aveva.com/bundle/connect-data-services/page/1263324.html
  const idp = await mock({ profile: 'aveva-connect', config });
  const r = await postForm(idp, '/connect/token', {
    grant_type: 'client_credentials',
    client_id: config.clients[1]!.id,
    client_secret: 'short',
  });
  expect(r.json.expires_in).toBe(60);
  const introspect = () =>
    postForm(idp, '/connect/introspect', { token: r.json.access_token, client_id: config.clients[1]!.id, client_secret: 'short' });
  expect((await introspect()).json.active).toBe(true);
  idp.clock.advance(61);
  expect((await introspect()).json.active).toBe(false);
});

test('every client has the Tenant Member role; the lifecycle allows 60–3600 s, 10 secrets, 1-year default expiry (AVEVA docs)', async ({
  mock,
}) => {
  // https://docs.aveva.com/bundle/connect-data-services/page/1263324.html
  const idp = await mock({ profile: 'aveva-connect', config });
  expect(idp.context.clients.get(CLIENT.id)!.roles).toContain('Tenant Member');
  expect(idp.context.profile.lifecycle).toMatchObject({
    tokenLifetime: { default: 3600, min: 60, max: 3600 },
    secrets: { max: 10, defaultExpiryDays: 365, regenerateRevokesPrevious: false },
    roles: { default: ['Tenant Member'] },
    clientIdFormat: 'uuid',
  });
});

test('bad credentials: RFC invalid_client by default (IdentityServer 400 only as a quirk) (RFC 6749 §5.2)', async ({ mock }) => {
  // https://www.rfc-editor.org/rfc/rfc6749#section-5.2
  const idp = await mock({ profile: 'aveva-connect', config });
  const r = await postForm(idp, '/connect/token', { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: 'wrong' });
  expect(r.status).toBe(401);
  expect(r.json.error).toBe('invalid_client');
});
