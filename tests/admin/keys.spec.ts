// Admin API: signing keys. After a rotation the retired key stays in the JWKS for the retention period
// (ServiceNow: 105 days), so tokens it signed stay verifiable (RFC 9068 §4), then it disappears.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { admin, createClient, DAY, expect, startMock, test, tokenRequest } from './helpers.ts';

const SERVICENOW_MIC =
  'https://www.servicenow.com/docs/r/zurich/platform-security/authentication/configure-an-oauth-client-credential-grant.html';

async function jwks(idp: {
  url(p: string): string;
  context: { settings: { paths: { jwks: string } } };
}): Promise<{ keys: { kid: string }[] }> {
  return (await fetch(idp.url(idp.context.settings.paths.jwks))).json();
}

test(`ServiceNow: a rotated (inactive) key stays in the JWKS for 105 days, then is removed (${SERVICENOW_MIC})`, async () => {
  const idp = await startMock({ profile: 'servicenow', config: { clients: [], tokens: { format: 'jwt' } } });
  try {
    const { id, secret } = await createClient(idp);
    const before = await tokenRequest(idp, id, secret);
    const oldKid = decodeProtectedHeader(before.json.access_token).kid!;
    const rotated = await admin(idp, 'POST', '/keys/rotate', {});
    expect(rotated.status).toBe(201);
    const newKid = rotated.json.active.kid as string;
    expect(newKid).not.toBe(oldKid);
    const retired = rotated.json.keys.find((k: { kid: string }) => k.kid === oldKid);
    expect(retired).toMatchObject({ status: 'retired', published: true });
    expect(Date.parse(retired.publishedUntil) - Date.parse(retired.retiredAt)).toBe(105 * DAY * 1000);
    // New tokens use the new key; the old token still verifies against the published JWKS.
    const after = await tokenRequest(idp, id, secret);
    expect(decodeProtectedHeader(after.json.access_token).kid).toBe(newKid);
    expect((await jwks(idp)).keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    await jwtVerify(before.json.access_token, createLocalJWKSet((await jwks(idp)) as never), { currentDate: idp.clock.date() });

    await admin(idp, 'POST', '/clock/advance', { days: 105, seconds: -1 });
    expect((await jwks(idp)).keys.map((k) => k.kid)).toContain(oldKid);
    await admin(idp, 'POST', '/clock/advance', { seconds: 1 });
    expect((await jwks(idp)).keys.map((k) => k.kid)).toEqual([newKid]);
    const listed = await admin(idp, 'GET', '/keys');
    expect(listed.json.keys.find((k: { kid: string }) => k.kid === oldKid)).toMatchObject({ status: 'retired', published: false });
  } finally {
    await idp.close();
  }
});

test('key rotation: chosen alg and kid, explicit retention, a duplicate kid is a 409, a bad body a 400 (RFC 7517 §4.5 kid)', async () => {
  const idp = await startMock();
  try {
    const r = await admin(idp, 'POST', '/keys/rotate', { alg: 'ES256', kid: 'k2', retentionDays: 0 });
    expect(r.status).toBe(201);
    expect(r.json.active).toMatchObject({ kid: 'k2', alg: 'ES256', status: 'active' });
    // Retention 0: the previous key left the JWKS at once.
    expect((await jwks(idp)).keys.map((k) => k.kid)).toEqual(['k2']);
    expect((await admin(idp, 'POST', '/keys/rotate', { kid: 'k2' })).status).toBe(409);
    const bad = await admin(idp, 'POST', '/keys/rotate', { alg: 'HS256' });
    expect(bad.status).toBe(400);
    expect(bad.json.schemaPath).toMatch(/keys\.schema\.json#\/\$defs\/rotate\/properties\/alg\/enum$/);
  } finally {
    await idp.close();
  }
});
