// strict: true makes any profile RFC-exact while keeping its paths and defaults (issue #3).
import { loadProfile, profileNames } from '../../mock-idp/profile.ts';
import { basic, expect, get, postForm, test } from './helpers.ts';

const SN = { id: 'be3aeb583ace210011c15b24a43e25d8', secret: 'sn-secret' };

test('strict servicenow: RFC 7009 revocation (POST, client auth) at /oauth_revoke_token.do; Bearer challenge and RFC 6750 body; 1800 s kept (RFC 7009 §2, RFC 6750 §3)', async ({
  mock,
}) => {
  // https://www.rfc-editor.org/rfc/rfc7009#section-2.1
  const idp = await mock({ profile: 'servicenow', strict: true, config: { clients: [{ ...SN, scopes: ['useraccount'] }] } });
  const t = await postForm(idp, '/oauth_token.do', { grant_type: 'client_credentials' }, { Authorization: basic(SN.id, SN.secret) });
  expect(t.json.expires_in).toBe(1800);
  const accessToken = t.json.access_token;
  expect((await get(idp, `/oauth_revoke_token.do?token=${accessToken}`)).status).toBe(405);
  expect((await postForm(idp, '/oauth_revoke_token.do', { token: accessToken })).status).toBe(401);
  expect((await postForm(idp, '/oauth_revoke_token.do', { token: accessToken }, { Authorization: basic(SN.id, SN.secret) })).status).toBe(
    200,
  );
  const res = await fetch(idp.url('/api/now/table/incident'), { headers: { Authorization: `Bearer ${accessToken}` } });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Service-now", error="invalid_token"/);
  expect(await res.json()).toMatchObject({ error: 'invalid_token' });
  expect((await get(idp, '/.well-known/oauth-authorization-server')).json.revocation_endpoint).toBe(idp.url('/oauth_revoke_token.do'));
});

test('strict oci-iam: invalid_client has the RFC body (no ecid); paths kept (RFC 6749 §5.2)', async ({ mock }) => {
  // https://www.rfc-editor.org/rfc/rfc6749#section-5.2
  const idp = await mock({
    profile: 'oci-iam',
    strict: true,
    config: { clients: [{ id: 'ocid1.credential.oc1..x', secret: 's', scopes: ['read'] }] },
  });
  const r = await postForm(
    idp,
    '/oauth2/v1/token',
    { grant_type: 'client_credentials' },
    { Authorization: basic('ocid1.credential.oc1..x', 'wrong') },
  );
  expect(r.status).toBe(401);
  expect(Object.keys(r.json).sort()).toEqual(['error', 'error_description']);
});

test('strict oracle-integration: a missing role is 403 insufficient_scope (RFC 6750 §3.1)', async ({ mock }) => {
  // https://www.rfc-editor.org/rfc/rfc6750#section-3.1
  const idp = await mock({
    profile: 'oracle-integration',
    strict: true,
    config: { clients: [{ id: 'app', secret: 's', scopes: ['urn:opc:resource:consumer::all'] }] },
  });
  const t = await postForm(
    idp,
    '/oauth2/v1/token',
    { grant_type: 'client_credentials', scope: 'urn:opc:resource:consumer::all' },
    { Authorization: basic('app', 's') },
  );
  const res = await fetch(idp.url('/ic/api/integration/v1/flows/rest/HELLO_WORLD/1.0/info'), {
    headers: { Authorization: `Bearer ${t.json.access_token}` },
  });
  expect(res.status).toBe(403);
  expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
});

test('strict leaves no deviation in any profile and keeps paths and lifetimes; strict with quirks is refused', async ({ mock }) => {
  const generic = loadProfile('generic');
  for (const name of profileNames()) {
    const normal = loadProfile(name);
    const strict = loadProfile(name, { strict: true });
    expect(strict.strict).toBe(true);
    expect(strict.paths).toEqual(normal.paths);
    expect(strict.lifecycle).toEqual(normal.lifecycle);
    // Every RFC-visible deviation is back at the generic (RFC) value.
    expect(strict.revocation).toEqual(generic.revocation);
    expect(strict.resource.errorBody).toBeNull();
    expect(strict.resource.scheme).toBe('Bearer');
    expect([strict.resource.missingRoleStatus, strict.resource.insufficientScopeStatus]).toEqual([403, 403]);
    for (const shape of Object.values(strict.errors)) expect(shape).toEqual({});
  }
  await expect(mock({ profile: 'servicenow', strict: true, quirks: ['token-reuse'] })).rejects.toThrow(/cannot be combined with quirks/);
});
