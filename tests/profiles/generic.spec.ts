// The generic profile is RFC-exact and the default: selecting it by name changes nothing (RFC 6749, RFC 8414,
// RFC 9068).
import { basic, claims, expect, get, header, postForm, test } from './helpers.ts';

const config = { clients: [{ id: 'c1', secret: 's1', scopes: ['read'] }] };

test('generic is the default profile and serves the RFC paths (RFC 8414 §2 metadata, RFC 6749 §3.2 token)', async ({ mock }) => {
  for (const idp of [await mock({ config }), await mock({ config, profile: 'generic' })]) {
    expect(idp.context.profile.name).toBe('generic');
    const meta = (await get(idp, '/.well-known/oauth-authorization-server')).json;
    expect(meta).toMatchObject({
      issuer: idp.issuer,
      token_endpoint: idp.url('/token'),
      jwks_uri: idp.url('/jwks'),
      introspection_endpoint: idp.url('/introspect'),
      revocation_endpoint: idp.url('/revoke'),
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    });
    const r = await postForm(idp, '/token', { grant_type: 'client_credentials' }, { Authorization: basic('c1', 's1') });
    expect(r.status).toBe(200);
    expect(r.json.expires_in).toBe(3600);
    expect(header(r.json.access_token).typ).toBe('at+jwt');
    expect(claims(r.json.access_token)).not.toHaveProperty('tok_type');
  }
});

test('generic: invalid_client is 401 with WWW-Authenticate: Basic and an RFC body (RFC 6749 §5.2)', async ({ mock }) => {
  const idp = await mock({ config, profile: 'generic' });
  const r = await postForm(idp, '/token', { grant_type: 'client_credentials' }, { Authorization: basic('c1', 'wrong') });
  expect(r.status).toBe(401);
  expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  expect(Object.keys(r.json).sort()).toEqual(['error', 'error_description']);
  expect(r.json.error).toBe('invalid_client');
});
