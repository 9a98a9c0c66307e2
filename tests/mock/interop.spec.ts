// Interop with an independent certified client (openid-client v6, on oauth4webapi): discovery, the
// client-credentials grant with each auth method, introspection and revocation; JWT access tokens verified
// against the published JWKS with jose (createRemoteJWKSet + jwtVerify). Loopback http is allowed explicitly.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { CLIENTS, expect, pkjwtPrivateKey, test } from './helpers.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

const insecure = { execute: [oidc.allowInsecureRequests] };

function discover(idp: MockIdp, clientId: string, auth: oidc.ClientAuth, algorithm: 'oidc' | 'oauth2' = 'oidc') {
  return oidc.discovery(new URL(idp.issuer), clientId, undefined, auth, { ...insecure, algorithm });
}

for (const algorithm of ['oidc', 'oauth2'] as const) {
  test(`openid-client discovers the mock via the ${algorithm === 'oidc' ? 'OIDC' : 'RFC 8414'} well-known and accepts its issuer (RFC 8414 §3, §3.3)`, async ({
    idp,
  }) => {
    const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretBasic(CLIENTS.harness.secret), algorithm);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.token_endpoint).toBe(idp.url('/token'));
    expect(meta.grant_types_supported).toContain('client_credentials');
  });
}

test('openid-client client_credentials with client_secret_basic gets a JWT that verifies against the remote JWKS (RFC 6749 §4.4, RFC 9068 §4)', async ({
  idp,
}) => {
  const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretBasic(CLIENTS.harness.secret));
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read write' });
  expect(tokens.token_type.toLowerCase()).toBe('bearer');
  expect(tokens.expires_in).toBe(3600);
  expect(tokens.refresh_token).toBeUndefined();
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
    issuer: config.serverMetadata().issuer,
    audience: idp.url('/resource'),
    typ: 'at+jwt',
    algorithms: ['RS256'],
  });
  expect(protectedHeader.kid).toBeDefined();
  expect(payload.client_id).toBe(CLIENTS.harness.id);
  expect(payload.scope).toBe('read write');
});

test('openid-client client_credentials with client_secret_post succeeds (RFC 6749 §2.3.1)', async ({ idp }) => {
  const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretPost(CLIENTS.harness.secret));
  const tokens = await oidc.clientCredentialsGrant(config);
  expect(tokens.access_token).toBeTruthy();
  expect(tokens.scope).toBe('read');
});

test('openid-client client_credentials with private_key_jwt succeeds (RFC 7523 §2.2)', async ({ idp }) => {
  const key = (await pkjwtPrivateKey()) as CryptoKey;
  const config = await discover(idp, CLIENTS.pkjwt.id, oidc.PrivateKeyJwt({ key, kid: 'harness-pkjwt-1' }));
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: idp.issuer, typ: 'at+jwt' });
  expect(payload.sub).toBe(CLIENTS.pkjwt.id);
});

test('openid-client introspects an active token and, after revoking it, sees it inactive (RFC 7662 §2.2, RFC 7009 §2.2)', async ({
  idp,
}) => {
  const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretBasic(CLIENTS.harness.secret));
  const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'read' });
  const active = await oidc.tokenIntrospection(config, access_token);
  expect(active.active).toBe(true);
  expect(active.client_id).toBe(CLIENTS.harness.id);
  await oidc.tokenRevocation(config, access_token);
  expect(await oidc.tokenIntrospection(config, access_token)).toEqual({ active: false });
});

test('openid-client sees the 401 Basic challenge and invalid_client body for a wrong secret (RFC 6749 §5.2)', async ({ idp }) => {
  const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretBasic('wrong'));
  const err = await oidc.clientCredentialsGrant(config).catch((e: unknown) => e);
  // oauth4webapi reports a WWW-Authenticate challenge before the body: the RFC 6749 §5.2 401 + Basic case.
  expect(err).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
  const challenge = err as oidc.WWWAuthenticateChallengeError;
  expect(challenge.status).toBe(401);
  expect(challenge.cause[0]!.scheme).toBe('basic');
  expect(challenge.cause[0]!.parameters.realm).toBe('idp-conformance');
  expect(((await challenge.response.json()) as { error: string }).error).toBe('invalid_client');
});

test('openid-client surfaces invalid_scope for a disallowed scope (RFC 6749 §5.2)', async ({ idp }) => {
  const config = await discover(idp, CLIENTS.harness.id, oidc.ClientSecretBasic(CLIENTS.harness.secret));
  const err = await oidc.clientCredentialsGrant(config, { scope: 'admin' }).catch((e: unknown) => e);
  expect((err as oidc.ResponseBodyError).error).toBe('invalid_scope');
});
