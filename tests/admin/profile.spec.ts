// GET /_admin/profile: the profile's limits and console words, read from the profile data, so a console or a
// script follows the vendor's rules before it asks (fixtures/profiles/*.yaml lifecycle and console blocks).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('a profile file of one own may reword the console: its words win, the rest come from what it extends; an unknown source is refused with file and key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-console-words-'));
  const file = join(dir, 'my-aveva.yaml');
  writeFileSync(
    file,
    'name: my-aveva\ntitle: My AVEVA\nextends: aveva-connect\nsources:\n  own: { title: "our runbook", url: "https://example.com/runbook" }\nconsole:\n  addClient: Register client\n  source: own\nbehaviours: {}\n',
  );
  const idp = await startMock({ profile: file });
  try {
    const words = idp.admin.readProfile().words;
    expect(words.addClient).toBe('Register client');
    expect(words.neverExpires).toBe('Never Expires');
  } finally {
    await idp.close();
  }
  const bad = join(dir, 'bad.yaml');
  writeFileSync(
    bad,
    'name: bad\ntitle: Bad\nextends: generic\nsources: {}\nconsole:\n  copy: Kopieren\n  source: nowhere\nbehaviours: {}\n',
  );
  await expect(startMock({ profile: bad })).rejects.toThrow(/bad\.yaml:\d+: console\.source: unknown source "nowhere"/);
  rmSync(dir, { recursive: true, force: true });
});
