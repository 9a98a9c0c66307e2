// GET /_admin/profile: the profile's limits and console words, read from the profile data, so a console or a
// script follows the vendor's rules before it asks (fixtures/profiles/*.yaml lifecycle and console blocks).
import { admin, expect, startMock, test } from './helpers.ts';

test('GET /_admin/profile gives the lifecycle limits and the vendor console words (AVEVA "Add a client-credentials client")', async () => {
  const idp = await startMock({ profile: 'aveva-connect' });
  try {
    const r = await admin(idp, 'GET', '/profile');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json).toMatchObject({
      name: 'aveva-connect',
      title: 'AVEVA CONNECT data services',
      lifecycle: {
        tokenLifetime: { default: 3600, min: 60, max: 3600 },
        secrets: { max: 10, defaultExpiryDays: 365 },
        roles: { default: ['Tenant Member'] },
      },
      tokens: { lifetime: 3600 },
      fullyQualifiedScopes: false,
      tokenEndpoint: idp.url('/connect/token'),
      words: { addClient: 'Add Client', neverExpires: 'Never Expires', activate: 'Enable Client', deactivate: 'Disable Client' },
    });
    // AVEVA offers no token format choice: the word is absent, so the console shows no such field.
    expect(r.json.words.tokenFormat).toBeUndefined();
    // A word the profile does not give comes from generic, the profile it extends.
    expect(r.json.words.copy).toBe('Copy');
    expect(idp.admin.readProfile()).toEqual(r.json);
  } finally {
    await idp.close();
  }
});

test('GET /_admin/profile: Oracle fully-qualified scopes and the 10-scope limit; ServiceNow names Token Format; words inherit through extends', async () => {
  for (const [profile, expected] of [
    [
      'oci-iam',
      { fullyQualifiedScopes: true, lifecycle: { maxScopesPerClient: 10, secrets: { max: 1, regenerateRevokesPrevious: true } } },
    ],
    ['oracle-integration', { fullyQualifiedScopes: true, words: { activate: 'Activate application', regenerate: 'Regenerate secret' } }],
    [
      'servicenow',
      { tokens: { format: 'opaque', lifetime: 1800 }, lifecycle: { keyRetentionDays: 105 }, words: { tokenFormat: 'Token Format' } },
    ],
  ] as const) {
    const idp = await startMock({ profile });
    try {
      expect((await admin(idp, 'GET', '/profile')).json, profile).toMatchObject(expected);
    } finally {
      await idp.close();
    }
  }
});
