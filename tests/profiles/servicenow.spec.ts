// ServiceNow (Zurich) profile (vendor-behaviour.md B.4): /oauth_token.do with body credentials and a form
// body only, 1800 s opaque tokens (JWT per integration), the Active flag, JWKS at /api/now/oauth/jwks,
// unauthenticated GET revocation, and the REST API's BEARER realm="Service-now" challenge.
import type { MockIdp } from '../../mock-idp/index.ts';
import { expect, get, postForm, test, verifyWithJwks } from './helpers.ts';

const OPAQUE = { id: 'be3aeb583ace210011c15b24a43e25d8', secret: 'sn-secret' };
const JWT = { id: '0123456789abcdef0123456789abcdef', secret: 'sn-jwt-secret' };
const INACTIVE = { id: 'fedcba9876543210fedcba9876543210', secret: 'sn-inactive' };
const config = {
  clients: [
    { ...OPAQUE, scopes: ['useraccount'] },
    { ...JWT, scopes: ['useraccount'], tokenFormat: 'jwt' as const },
    { ...INACTIVE, scopes: ['useraccount'], enabled: false },
  ],
};
const token = (idp: MockIdp, c: { id: string; secret: string }) =>
  postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret });
const table = (idp: MockIdp, accessToken: string) =>
  fetch(idp.url('/api/now/table/incident'), { headers: { Authorization: `Bearer ${accessToken}` } });

test('POST /oauth_token.do with client_id and client_secret in the body: an opaque 86-character token for 1800 s (ServiceNow MIC, REST OAuth example)', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html
  // https://www.servicenow.com/docs/r/zurich/api-reference/rest-api-explorer/r_RESTOAuthExample.html
  const idp = await mock({ profile: 'servicenow', config });
  const r = await token(idp, OPAQUE);
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
  expect(r.json.access_token).toMatch(/^[A-Za-z0-9_-]{86}$/);
  expect((await table(idp, r.json.access_token)).status).toBe(200);
});

test('a JSON request body is refused and no token issued (ServiceNow: OAuth API request parameters)', async ({ mock }) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/r_OAuthAPIRequestParameters.html
  const idp = await mock({ profile: 'servicenow', config });
  const res = await fetch(idp.url('/oauth_token.do'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: OPAQUE.id, client_secret: OPAQUE.secret }),
  });
  expect(res.status).toBe(400);
  expect(await res.json()).not.toHaveProperty('access_token');
});

test('an integration that is not Active gets no token (ServiceNow MIC: select the Active check box)', async ({ mock }) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html
  const idp = await mock({ profile: 'servicenow', config });
  const r = await token(idp, INACTIVE);
  expect(r.status).toBe(401);
  expect(r.json).not.toHaveProperty('access_token');
});

test('Token Format JWT per integration: a JWT verifiable with /api/now/oauth/jwks (ServiceNow MIC)', async ({ mock }) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html
  const idp = await mock({ profile: 'servicenow', config });
  const r = await token(idp, JWT);
  expect(r.json.expires_in).toBe(1800);
  const { payload } = await verifyWithJwks(idp, '/api/now/oauth/jwks', r.json.access_token);
  expect(payload.sub).toBe(JWT.id);
  expect(payload.exp! - payload.iat!).toBe(1800);
});

test('the token expires after 1800 s on the mock clock and the REST API answers 401 BEARER realm="Service-now" (ServiceNow MIC, authentication profile)', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/create-authentication-profile.html
  const idp = await mock({ profile: 'servicenow', config });
  idp.clock.freeze();
  const accessToken = (await token(idp, OPAQUE)).json.access_token;
  idp.clock.advance(1799);
  expect((await table(idp, accessToken)).status).toBe(200);
  idp.clock.advance(2);
  const res = await table(idp, accessToken);
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^BEARER realm="Service-now"/);
  // REST API errors: {"error":{"message","detail"},"status":"failure"}.
  // https://www.servicenow.com/docs/r/zurich/api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.html
  const body = await res.json();
  expect(body.status).toBe('failure');
  expect(typeof body.error.message).toBe('string');
});

test('GET /oauth_revoke_token.do?token=… without authentication marks the token expired (ServiceNow: Revoke an OAuth token)', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/t_RevokeOAuthToken.html
  const idp = await mock({ profile: 'servicenow', config });
  const accessToken = (await token(idp, OPAQUE)).json.access_token;
  const revoke = await get(idp, `/oauth_revoke_token.do?token=${encodeURIComponent(accessToken)}`);
  expect(revoke.status).toBe(200);
  expect((await table(idp, accessToken)).status).toBe(401);
  // Not RFC 7009: no POST endpoint there, and metadata advertises no revocation_endpoint.
  expect((await postForm(idp, '/oauth_revoke_token.do', { token: accessToken })).status).toBe(405);
  expect((await get(idp, '/.well-known/oauth-authorization-server')).json).not.toHaveProperty('revocation_endpoint');
});

test('rotated signing keys are kept 105 days: lifecycle keyRetentionDays (ServiceNow MIC)', async ({ mock }) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html
  const idp = await mock({ profile: 'servicenow', config });
  expect(idp.context.profile.lifecycle).toMatchObject({ keyRetentionDays: 105, clientIdFormat: 'hex32', tokenLifetime: { default: 1800 } });
});

test('grant_type=password is a documented parameter: body credentials authenticate the client and unknown user credentials get invalid_grant (ServiceNow OAuth API request parameters; RFC 6749 §5.2) [DOC]', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/r_OAuthAPIRequestParameters.html
  const idp = await mock({ profile: 'servicenow', config });
  const r = await postForm(idp, '/oauth_token.do', {
    grant_type: 'password',
    client_id: OPAQUE.id,
    client_secret: OPAQUE.secret,
    username: 'admin',
    password: 'not-the-password',
  });
  expect([r.status, r.json.error]).toEqual([400, 'invalid_grant']);
  expect(r.json).not.toHaveProperty('access_token');
});
