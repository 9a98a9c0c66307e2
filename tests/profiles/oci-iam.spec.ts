// Oracle OCI IAM identity domain profile (vendor-behaviour.md B.1): identity-domain paths, client-only token
// claims, fully-qualified scopes, consumer::all exclusivity, the lifetime scope, the invalid_client body, and
// the realm rule for user-level OAuth 2.0 client credentials.
import { loadProfile, userCredentialRefusal } from '../../mock-idp/profile.ts';
import { applicationGuid } from '../../mock-idp/tokens.ts';
import { basic, claims, expect, get, postForm, rawBasic, test, verifyWithJwks } from './helpers.ts';

const CRED = { id: 'ocid1.credential.oc1..aaaaaaaaulplph33testcredential', secret: 'Raw:secret(with)]chars' };
const AUDIENCE = 'https://app.example.com/';
const config = {
  clients: [
    {
      id: CRED.id,
      name: 'Reporting job',
      secret: CRED.secret,
      audience: AUDIENCE,
      scopes: ['photos', 'albums', 'urn:opc:resource:consumer::all'],
    },
  ],
};
const tokenRequest = (idp: Parameters<typeof get>[0], scope: string, secret = CRED.secret) =>
  postForm(idp, '/oauth2/v1/token', { grant_type: 'client_credentials', scope }, { Authorization: basic(CRED.id, secret) });

test('token at /oauth2/v1/token with Basic, form body and a fully-qualified scope; 3600 s by default (Oracle CCGT, TokenExpiryTable)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/CCGT.htm
  const idp = await mock({ profile: 'oci-iam', config });
  const r = await tokenRequest(idp, `${AUDIENCE}photos`);
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  // fqs = audience + value with no separator: the token's aud is the audience, its scope the value.
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/CreateActivateOAuthRSApp.htm
  const c = claims(r.json.access_token);
  expect(c.aud).toBe(AUDIENCE);
  expect(c.scope).toBe('photos');
});

test('a raw (not URL-encoded) secret with ":" "(" ")" "]" works in Basic, as the gov doc example sends it (Oracle DOC-EX)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/integration-cloud/oracle-integration-gov/configure-oauth-authentication-using-client-credentials.html
  const idp = await mock({ profile: 'oci-iam', config });
  const r = await postForm(
    idp,
    '/oauth2/v1/token',
    { grant_type: 'client_credentials', scope: `${AUDIENCE}photos` },
    { Authorization: rawBasic(CRED.id, CRED.secret) },
  );
  expect(r.status).toBe(200);
});

test('client-only access token claims: tok_type AT, sub_type client, sub = client id, client_name (Oracle AccessToken)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/AccessToken.htm
  const idp = await mock({ profile: 'oci-iam', config });
  const token = (await tokenRequest(idp, `${AUDIENCE}photos`)).json.access_token;
  const { payload, protectedHeader } = await verifyWithJwks(idp, '/admin/v1/SigningCert/jwk', token);
  expect(payload).toMatchObject({ tok_type: 'AT', sub_type: 'client', sub: CRED.id, client_name: 'Reporting job', iss: idp.issuer });
  expect(payload).not.toHaveProperty('user_id');
  expect(protectedHeader.alg).toBe('RS256');
});

test('JWKS at /admin/v1/SigningCert/jwk and introspection at /oauth2/v1/introspect with Basic (Oracle REST API)', async ({ mock }) => {
  // https://docs.oracle.com/en/cloud/paas/iam-domains-rest-api/op-admin-v1-signingcert-jwk-get.html
  // https://docs.oracle.com/en/cloud/paas/identity-cloud/idcsa/op-oauth2-v1-introspect-post.html
  const idp = await mock({ profile: 'oci-iam', config });
  expect((await get(idp, '/admin/v1/SigningCert/jwk')).json.keys.length).toBeGreaterThan(0);
  const meta = (await get(idp, '/.well-known/openid-configuration')).json;
  expect(meta).toMatchObject({
    token_endpoint: idp.url('/oauth2/v1/token'),
    jwks_uri: idp.url('/admin/v1/SigningCert/jwk'),
    introspection_endpoint: idp.url('/oauth2/v1/introspect'),
    revocation_endpoint: idp.url('/oauth2/v1/revoke'),
  });
  const token = (await tokenRequest(idp, `${AUDIENCE}photos`)).json.access_token;
  const r = await postForm(idp, '/oauth2/v1/introspect', { token }, { Authorization: basic(CRED.id, CRED.secret) });
  expect(r.json.active).toBe(true);
  expect((await get(idp, '/token')).status).toBe(404);
});

test('urn:opc:resource:consumer::all combined with another scope is invalid_scope (Oracle Scopes)', async ({ mock }) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/Scopes.htm
  const idp = await mock({ profile: 'oci-iam', config });
  const r = await tokenRequest(idp, `${AUDIENCE}urn:opc:resource:consumer::all ${AUDIENCE}photos`);
  expect(r.status).toBe(400);
  expect(r.json.error).toBe('invalid_scope');
  expect((await tokenRequest(idp, `${AUDIENCE}urn:opc:resource:consumer::all`)).status).toBe(200);
  // Two ordinary scopes together are fine.
  expect((await tokenRequest(idp, `${AUDIENCE}photos ${AUDIENCE}albums`)).json.expires_in).toBe(3600);
});

test('urn:opc:resource:expiry=300 gives a 300 s token that expires on the mock clock (Oracle TokenExpiryTable)', async ({ mock }) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/TokenExpiryTable.htm
  const idp = await mock({ profile: 'oci-iam', config });
  idp.clock.freeze();
  const r = await tokenRequest(idp, `${AUDIENCE}photos urn:opc:resource:expiry=300`);
  expect(r.status).toBe(200);
  expect(r.json.expires_in).toBe(300);
  const c = claims(r.json.access_token);
  expect(c.exp! - c.iat!).toBe(300);
  expect(c.scope).toBe('photos');
  const introspect = () =>
    postForm(idp, '/oauth2/v1/introspect', { token: r.json.access_token }, { Authorization: basic(CRED.id, CRED.secret) });
  idp.clock.advance(299);
  expect((await introspect()).json.active).toBe(true);
  idp.clock.advance(2);
  expect((await introspect()).json).toEqual({ active: false });
});

test('a lifetime scope is not a scope of the token, so the response names the scope granted, also under --strict (RFC 6749 §5.1, §3.3)', async ({
  mock,
}) => {
  // RFC 6749 §5.1 scope: "OPTIONAL, if identical to the scope requested by the client; otherwise, REQUIRED."
  for (const strict of [false, true]) {
    const idp = await mock({ profile: 'oci-iam', config: { clients: [{ ...config.clients[0]!, defaultScopes: ['photos'] }] }, strict });
    // The lifetime scope alone: the token carries the client's default scope, which the request never named.
    const alone = await tokenRequest(idp, 'urn:opc:resource:expiry=300');
    expect(alone.status).toBe(200);
    expect(claims(alone.json.access_token).scope).toBe('photos');
    expect(alone.json.scope, `strict: ${strict}`).toBe('photos');
    // With a scope: the token carries "photos", the request said "… urn:opc:resource:expiry=300".
    const withScope = await tokenRequest(idp, `${AUDIENCE}photos urn:opc:resource:expiry=300`);
    expect(withScope.json.scope, `strict: ${strict}`).toBe('photos');
    // The fully-qualified scope alone is granted as asked (aud = audience, scope = value): no echo, as Oracle's
    // documented success body shows (vendor-behaviour.md B.1 "Success body").
    const asked = await tokenRequest(idp, `${AUDIENCE}photos`);
    expect(asked.json).not.toHaveProperty('scope');
  }
});

test('the lifetime scope never lengthens the default (min rule) and must be 60..31556952 (Oracle TokenExpiryTable)', async ({ mock }) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/TokenExpiryTable.htm
  const idp = await mock({ profile: 'oci-iam', config });
  expect((await tokenRequest(idp, `${AUDIENCE}photos urn:opc:resource:expiry=86400`)).json.expires_in).toBe(3600);
  expect((await tokenRequest(idp, `${AUDIENCE}photos urn:opc:resource:expiry=60`)).json.expires_in).toBe(60);
  for (const bad of ['59', '31556953', 'abc']) {
    const r = await tokenRequest(idp, `${AUDIENCE}photos urn:opc:resource:expiry=${bad}`);
    expect(r.status, bad).toBe(400);
    expect(r.json.error).toBe('invalid_scope');
  }
});

test('a scope without its audience, or with another audience, is refused (Oracle: the token request uses the fqs)', async ({ mock }) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/access/to_create_an_Oauth20_client_credential.htm
  const idp = await mock({ profile: 'oci-iam', config });
  expect((await tokenRequest(idp, 'https://other.example.com/photos')).json.error).toBe('invalid_scope');
});

test('bad client: invalid_client with "Client authentication failed." and an ecid member (Oracle known issue)', async ({ mock }) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/known-issues/known-issues-ebs-asserter.htm
  const idp = await mock({ profile: 'oci-iam', config });
  const r = await tokenRequest(idp, `${AUDIENCE}photos`, 'wrong');
  expect(r.status).toBe(401);
  expect(r.json).toMatchObject({ error: 'invalid_client', error_description: 'Client authentication failed.' });
  expect(typeof r.json.ecid).toBe('string');
  expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
});

test('user-level OAuth 2.0 client credentials are refused in realms OC1 and OC4, allowed elsewhere (Oracle: Creating OAuth 2.0 client credentials)', () => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/access/to_create_an_Oauth20_client_credential.htm
  const profile = loadProfile('oci-iam');
  expect(profile.lifecycle).toMatchObject({
    clientIdFormat: 'ocid',
    maxScopesPerClient: 10,
    maxClientsPerOwner: 10,
    refusedRealms: ['OC1', 'OC4'],
  });
  expect(userCredentialRefusal(profile, 'OC1')).toMatch(/not available in realm OC1/);
  expect(userCredentialRefusal(profile, 'oc4')).toMatch(/not available in realm oc4/);
  expect(userCredentialRefusal(profile, 'OC2')).toBeUndefined();
  expect(userCredentialRefusal(profile, undefined)).toBeUndefined();
  expect(userCredentialRefusal(loadProfile('generic'), 'OC1')).toBeUndefined();
});

test('the token client_id is the application GUID, not the id the client authenticates with; the mock still knows the client (Oracle AccessToken) [DOC]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/AccessToken.htm: client_id "the GUID of the OAuth client"
  const idp = await mock({ profile: 'oci-iam', config });
  const token = (await tokenRequest(idp, `${AUDIENCE}photos`)).json.access_token;
  const { payload } = await verifyWithJwks(idp, '/admin/v1/SigningCert/jwk', token);
  expect(payload.client_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(payload.client_id).not.toBe(CRED.id);
  expect(payload.client_id).toBe(applicationGuid(CRED.id));
  expect(payload.sub).toBe(CRED.id);
  // Introspection (by the client that holds it) and revocation still find the token's client.
  const introspected = await postForm(idp, '/oauth2/v1/introspect', { token }, { Authorization: basic(CRED.id, CRED.secret) });
  expect(introspected.json).toMatchObject({ active: true, client_id: CRED.id });
  await postForm(idp, '/oauth2/v1/revoke', { token }, { Authorization: basic(CRED.id, CRED.secret) });
  expect((await postForm(idp, '/oauth2/v1/introspect', { token }, { Authorization: basic(CRED.id, CRED.secret) })).json).toEqual({
    active: false,
  });
  // --strict: client_id is the client id again (RFC 9068 §2.2).
  const strict = await mock({ profile: 'oci-iam', strict: true, config });
  const strictToken = (await tokenRequest(strict, `${AUDIENCE}photos`)).json.access_token;
  expect(claims(strictToken).client_id).toBe(CRED.id);
});

test('grant_type=password is supported: the client is authenticated, unknown user credentials get invalid_grant, not unsupported_grant_type (Oracle CCGT; RFC 6749 §4.3, §5.2) [DOC]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/CCGT.htm
  const idp = await mock({ profile: 'oci-iam', config });
  const password = (secret: string, form: Record<string, string> = { username: 'someone', password: 'not-theirs' }) =>
    postForm(idp, '/oauth2/v1/token', { grant_type: 'password', ...form }, { Authorization: basic(CRED.id, secret) });
  const r = await password(CRED.secret);
  expect(r.status).toBe(400);
  expect(r.json.error).toBe('invalid_grant');
  expect(r.json).not.toHaveProperty('access_token');
  expect((await password('wrong')).json.error).toBe('invalid_client');
  expect((await password(CRED.secret, { username: 'someone' })).json.error).toBe('invalid_request');
  // --strict and the generic profile: RFC 9700 §2.4, the grant is not offered.
  for (const other of [await mock({ profile: 'oci-iam', strict: true, config }), await mock({ profile: 'generic', config })]) {
    const path = other.context.settings.paths.token;
    const refused = await postForm(
      other,
      path,
      { grant_type: 'password', username: 'u', password: 'p' },
      { Authorization: basic(CRED.id, CRED.secret) },
    );
    expect(refused.json.error).toBe('unsupported_grant_type');
  }
});
