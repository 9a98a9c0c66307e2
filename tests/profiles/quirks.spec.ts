// Named quirks ([3P], [INF], [UNV] or example-only behaviour): off by default, each switched on by name.
import type { MockIdp } from '../../mock-idp/index.ts';
import { basic, claims, expect, get, header, postForm, test } from './helpers.ts';

const SN = { id: 'be3aeb583ace210011c15b24a43e25d8', secret: 'sn-secret' };
const snConfig = { clients: [{ ...SN, scopes: ['useraccount'] }] };
const snToken = (idp: MockIdp, secret = SN.secret) =>
  postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials', client_id: SN.id, client_secret: secret });

const OCI = { id: 'ocid1.credential.oc1..aaaaaaaaquirks', secret: 'oci-secret' };
const ociConfig = { clients: [{ ...OCI, scopes: ['read'] }] };
const ociToken = (idp: MockIdp) =>
  postForm(idp, '/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'read' }, { Authorization: basic(OCI.id, OCI.secret) });

test('servicenow token-reuse: a request within the lifetime returns the same token, expires_in counting down (ServiceNow REST OAuth example, password grant) [UNV]', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/api-reference/rest-api-explorer/r_RESTOAuthExample.html
  const plain = await mock({ profile: 'servicenow', config: snConfig });
  expect((await snToken(plain)).json.access_token).not.toBe((await snToken(plain)).json.access_token);

  const idp = await mock({ profile: 'servicenow', config: snConfig, quirks: ['token-reuse'] });
  idp.clock.freeze();
  const first = (await snToken(idp)).json;
  idp.clock.advance(1);
  const second = (await snToken(idp)).json;
  expect(second.access_token).toBe(first.access_token);
  expect(second.expires_in).toBe(1799);
  idp.clock.advance(1000);
  expect((await snToken(idp)).json).toMatchObject({ access_token: first.access_token, expires_in: 799 });
  idp.clock.advance(800);
  const fresh = (await snToken(idp)).json;
  expect(fresh.access_token).not.toBe(first.access_token);
  expect(fresh.expires_in).toBe(1800);
});

test('servicenow bad-client-server-error: 401 {"error":"server_error","error_description":"access_denied"} without WWW-Authenticate (demisto/content-docs#1301) [3P]', async ({
  mock,
}) => {
  // https://github.com/demisto/content-docs/issues/1301
  const idp = await mock({ profile: 'servicenow', config: snConfig, quirks: ['bad-client-server-error'] });
  const r = await snToken(idp, 'wrong');
  expect(r.status).toBe(401);
  expect(r.json).toEqual({ error_description: 'access_denied', error: 'server_error' });
  expect(r.headers.get('www-authenticate')).toBeNull();
  // Also with Basic, where the RFC would send a challenge.
  const viaBasic = await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials' }, { Authorization: basic(SN.id, 'wrong') });
  expect(viaBasic.headers.get('www-authenticate')).toBeNull();
  // An unknown client is bad credentials too.
  const unknown = await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' });
  expect(unknown.json.error).toBe('server_error');
});

test('servicenow bad-client-server-error covers bad credentials only: no authentication and a refused client assertion stay RFC invalid_client (RFC 6749 §5.2, RFC 7523 §3.2) [3P scope]', async ({
  mock,
}) => {
  // The reports (demisto/content-docs#1301, refractionPOINT/documentation#283) show a wrong secret or an inactive
  // integration; nothing reports the other failures, so they keep the RFC answer.
  const idp = await mock({ profile: 'servicenow', config: snConfig, quirks: ['bad-client-server-error'] });
  const none = await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials' });
  expect([none.status, none.json.error]).toEqual([401, 'invalid_client']);
  const publicClient = await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials', client_id: SN.id });
  expect(publicClient.json.error).toBe('invalid_client');
  const assertion = await postForm(idp, '/oauth_token.do', {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: 'not.a.valid-assertion',
  });
  expect([assertion.status, assertion.json.error]).toEqual([401, 'invalid_client']);
});

test('oci-iam introspection-active-string: active is the string "true"/"false", as the introspect reference schema types it (Oracle IDCS API: introspect) [DOC-EX]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/identity-cloud/idcsa/op-oauth2-v1-introspect-post.html
  const idp = await mock({ profile: 'oci-iam', config: ociConfig, quirks: ['introspection-active-string'] });
  const token = (await ociToken(idp)).json.access_token;
  const introspect = (t: string) => postForm(idp, '/oauth2/v1/introspect', { token: t }, { Authorization: basic(OCI.id, OCI.secret) });
  expect((await introspect(token)).json.active).toBe('true');
  expect((await introspect('not-a-token')).json).toEqual({ active: 'false' });
  // Off by default: the RFC 7662 §2.2 boolean.
  const plain = await mock({ profile: 'oci-iam', config: ociConfig });
  const plainToken = (await ociToken(plain)).json.access_token;
  expect(
    (await postForm(plain, '/oauth2/v1/introspect', { token: plainToken }, { Authorization: basic(OCI.id, OCI.secret) })).json.active,
  ).toBe(true);
});

test('servicenow body-credentials-only: Basic is refused, body credentials work (ServiceNow OAuth API request parameters) [UNV]', async ({
  mock,
}) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/r_OAuthAPIRequestParameters.html
  const idp = await mock({ profile: 'servicenow', config: snConfig, quirks: ['body-credentials-only'] });
  expect(
    (await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials' }, { Authorization: basic(SN.id, SN.secret) })).status,
  ).toBe(401);
  expect((await snToken(idp)).status).toBe(200);
  expect((await get(idp, '/.well-known/oauth-authorization-server')).json.token_endpoint_auth_methods_supported).toEqual([
    'client_secret_post',
  ]);
});

test('servicenow no-discovery: no metadata and no introspection endpoint (none documented for inbound OAuth) [INF]', async ({ mock }) => {
  // https://www.servicenow.com/docs/r/zurich/platform-security/authentication/r_OAuthAPIRequestParameters.html
  const idp = await mock({ profile: 'servicenow', config: snConfig, quirks: ['no-discovery'] });
  expect((await get(idp, '/.well-known/oauth-authorization-server')).status).toBe(404);
  expect((await get(idp, '/.well-known/openid-configuration')).status).toBe(404);
  expect((await postForm(idp, '/introspect', { token: 'x' })).status).toBe(404);
  expect((await snToken(idp)).status).toBe(200);
});

test('oci-iam generic-discovery-issuer and generic-token-issuer: https://identity.oraclecloud.com/ (coreos/go-oidc#240) [3P]/[UNV]', async ({
  mock,
}) => {
  // https://github.com/coreos/go-oidc/issues/240
  const plain = await mock({ profile: 'oci-iam', config: ociConfig });
  expect((await get(plain, '/.well-known/openid-configuration')).json.issuer).toBe(plain.issuer);

  const idp = await mock({ profile: 'oci-iam', config: ociConfig, quirks: ['generic-discovery-issuer', 'generic-token-issuer'] });
  expect((await get(idp, '/.well-known/openid-configuration')).json.issuer).toBe('https://identity.oraclecloud.com/');
  const accessToken = (await ociToken(idp)).json.access_token;
  expect(claims(accessToken).iss).toBe('https://identity.oraclecloud.com/');
  // The mock still recognises its own token.
  expect(
    (await postForm(idp, '/oauth2/v1/introspect', { token: accessToken }, { Authorization: basic(OCI.id, OCI.secret) })).json.active,
  ).toBe(true);
});

test('oci-iam generic-token-issuer: introspection iss is the token iss, for JWT and opaque tokens (RFC 7662 §2.2 "iss": the issuer of this token) [UNV]', async ({
  mock,
}) => {
  // RFC 7662 §2.2: iss is the "String representing the issuer of this token, as defined in JWT [RFC7519]".
  const config = {
    clients: [
      { ...OCI, scopes: ['read'] },
      { id: 'ocid1.credential.oc1..opaque', secret: 'opaque-secret', scopes: ['read'], tokenFormat: 'opaque' as const },
    ],
  };
  const idp = await mock({ profile: 'oci-iam', config, quirks: ['generic-token-issuer'] });
  const jwt = (await ociToken(idp)).json.access_token as string;
  const introspect = (token: string, id: string, secret: string) =>
    postForm(idp, '/oauth2/v1/introspect', { token }, { Authorization: basic(id, secret) });
  const fromJwt = (await introspect(jwt, OCI.id, OCI.secret)).json;
  expect(fromJwt).toMatchObject({ active: true, iss: 'https://identity.oraclecloud.com/' });
  expect(fromJwt.iss).toBe(claims(jwt).iss);

  const opaque = (
    await postForm(
      idp,
      '/oauth2/v1/token',
      { grant_type: 'client_credentials', scope: 'read' },
      { Authorization: basic('ocid1.credential.oc1..opaque', 'opaque-secret') },
    )
  ).json.access_token as string;
  expect((await introspect(opaque, 'ocid1.credential.oc1..opaque', 'opaque-secret')).json).toMatchObject({
    active: true,
    iss: 'https://identity.oraclecloud.com/',
  });

  // Without the quirk, the token issuer is the mock's own issuer, and so is introspection's.
  const plain = await mock({ profile: 'oci-iam', config: ociConfig });
  const own = (await ociToken(plain)).json.access_token as string;
  expect((await postForm(plain, '/oauth2/v1/introspect', { token: own }, { Authorization: basic(OCI.id, OCI.secret) })).json.iss).toBe(
    plain.issuer,
  );
});

test('oci-iam relative-discovery-urls and introspect-endpoint-name: the documented discovery example (Oracle discovery API) [DOC-EX]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/iam-domains-rest-api/op-well-known-openid-configuration-get.html
  const idp = await mock({ profile: 'oci-iam', config: ociConfig, quirks: ['relative-discovery-urls', 'introspect-endpoint-name'] });
  const meta = (await get(idp, '/.well-known/openid-configuration')).json;
  expect(meta).toMatchObject({
    token_endpoint: '/oauth2/v1/token',
    revocation_endpoint: '/oauth2/v1/revoke',
    introspect_endpoint: '/oauth2/v1/introspect',
  });
  expect(meta).not.toHaveProperty('introspection_endpoint');
});

test('oci-iam no-typ-header: access tokens without typ, still accepted by the mock (Oracle AccessToken examples) [INF]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/AccessToken.htm
  const idp = await mock({ profile: 'oci-iam', config: ociConfig, quirks: ['no-typ-header'] });
  const accessToken = (await ociToken(idp)).json.access_token;
  expect(header(accessToken)).not.toHaveProperty('typ');
  expect(
    (await postForm(idp, '/oauth2/v1/introspect', { token: accessToken }, { Authorization: basic(OCI.id, OCI.secret) })).json.active,
  ).toBe(true);
});

test('oci-iam jwks-requires-client-auth: anonymous JWKS requests get 401, authenticated ones the keys (Oracle access signing certificate) [INF default]', async ({
  mock,
}) => {
  // https://docs.oracle.com/en-us/iaas/Content/Identity/defaultsettings/set-access-signing-certificate.htm
  const plain = await mock({ profile: 'oci-iam', config: ociConfig });
  expect((await get(plain, '/admin/v1/SigningCert/jwk')).status).toBe(200);
  const idp = await mock({ profile: 'oci-iam', config: ociConfig, quirks: ['jwks-requires-client-auth'] });
  const anonymous = await get(idp, '/admin/v1/SigningCert/jwk');
  expect(anonymous.status).toBe(401);
  expect(anonymous.json.error).toBe('invalid_client');
  const authed = await get(idp, '/admin/v1/SigningCert/jwk', { Authorization: basic(OCI.id, OCI.secret) });
  expect(authed.status).toBe(200);
  expect(authed.json.keys.length).toBeGreaterThan(0);
});

test('aveva-connect identityserver-errors: invalid_client answered 400 {"error":"invalid_client"} [INF]', async ({ mock }) => {
  // https://docs.aveva.com/bundle/connect-data-services-developer/page/developer-guide/identity-dev/dev-guide-token-management.html
  const idp = await mock({ profile: 'aveva-connect', config: { clients: [{ id: 'c', secret: 's' }] }, quirks: ['identityserver-errors'] });
  const r = await postForm(idp, '/connect/token', { grant_type: 'client_credentials' }, { Authorization: basic('c', 'wrong') });
  expect(r.status).toBe(400);
  expect(r.json).toEqual({ error: 'invalid_client' });
  expect(r.headers.get('www-authenticate')).toBeNull();
});

test('aveva-connect account-platform: authority /account/{id}/authentication (AVEVA CONNECT EAP) [3P]', async ({ mock }) => {
  // https://docs.aveva.com/bundle/connect-eap/page/1536254.html
  const idp = await mock({ profile: 'aveva-connect', config: { clients: [{ id: 'c', secret: 's' }] }, quirks: ['account-platform'] });
  expect(new URL(idp.issuer).pathname).toBe('/account/00000000-0000-0000-0000-000000000000/authentication');
  const meta = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
  expect(meta.token_endpoint).toBe(`${idp.issuer}/connect/token`);
});

test('quirks are off by default and unknown quirks are refused with the valid names', async ({ mock }) => {
  await expect(mock({ profile: 'servicenow', config: snConfig, quirks: ['nope'] })).rejects.toThrow(
    /unknown quirk "nope"; valid quirks: bad-client-server-error, body-credentials-only, no-discovery, token-reuse/,
  );
  await expect(mock({ profile: 'generic', quirks: ['token-reuse'] })).rejects.toThrow(/this profile has no quirks/);
  const idp = await mock({ profile: 'servicenow', config: snConfig });
  expect(idp.context.profile.quirks).toEqual([]);
  expect(idp.context.profile.tokens.reuse).toBe(false);
});
