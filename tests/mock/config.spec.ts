// Mock configuration: YAML validated against schemas/mock-config.schema.json; every invalid file is an
// InputError (CLI exit 2) naming the file, the line and the key path. The sample config is valid.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import schema from '../../schemas/mock-config.schema.json' with { type: 'json' };
import { schemaValidator } from '../../lib/yaml-file.ts';
import { accessToken, CLIENTS, expect, FIXTURE_CONFIG, fixture, startMock, test } from './helpers.ts';

/** fixtures/invalid/<file> → what the error must say (line and key path, or the reason). */
const INVALID: Record<string, RegExp> = {
  'unknown-key.yaml': /unknown-key\.yaml:5: clients\[0\]\.scope: unknown key \(did you mean "scopes"\?\)/,
  // The key's own line (6), not where its block value starts (7).
  'unknown-block-key.yaml': /unknown-block-key\.yaml:6: token: unknown key \(did you mean "tokens"\?\)$/,
  'bad-alg.yaml': /bad-alg\.yaml:4: tokens\.alg: must be one of "RS256", "PS256", "ES256", "EdDSA"/,
  'bad-lifetime.yaml': /bad-lifetime\.yaml:3: tokens\.lifetime: must be integer/,
  'missing-id.yaml': /missing-id\.yaml:5: clients\[1\]: missing required key "id"/,
  'bad-secret-hash.yaml': /bad-secret-hash\.yaml:4: clients\[0\]\.secretHash: must match pattern/,
  // The unclosed bracket's line (4), not the end of the file after it.
  'bad-yaml.yaml': /bad-yaml\.yaml:4:\d+: invalid YAML/,
  'duplicate-client.yaml': /duplicate-client\.yaml:5: clients\[1\]\.id: duplicate client id "twin"/,
  'missing-jwks-file.yaml': /missing-jwks-file\.yaml: client pk jwksFile "does-not-exist\.json"/,
};

test('every file in fixtures/invalid has an expected error here (no untested fixture)', () => {
  expect(readdirSync(fixture('invalid')).sort()).toEqual(Object.keys(INVALID).sort());
});

for (const [file, message] of Object.entries(INVALID)) {
  test(`fixtures/invalid/${file} is refused with an InputError naming file, line and key path`, async () => {
    const err = await startMock({ config: fixture(`invalid/${file}`) }).then(
      async (idp) => {
        await idp.close();
        return undefined;
      },
      (e: Error & { exitCode?: number }) => e,
    );
    expect(err, 'the mock started on an invalid config').toBeDefined();
    expect(err!.name).toBe('InputError');
    expect(err!.exitCode).toBe(2);
    expect(err!.message).toMatch(message);
  });
}

test('a missing config file is an InputError naming the file', async () => {
  await expect(startMock({ config: fixture('no-such-file.yaml') })).rejects.toThrow(/no-such-file\.yaml: cannot read file: ENOENT/);
});

test('a config object is validated against the same schema', async () => {
  await expect(startMock({ config: { tokens: { alg: 'none' } } as never })).rejects.toThrow(/\/tokens\/alg/);
  await expect(startMock({ config: { clients: [{ id: '' }] } })).rejects.toThrow(/\/clients\/0\/id/);
});

test('the sample fixtures/mock-idp.yaml and the bench configs validate against the schema', () => {
  const validate = schemaValidator(schema);
  for (const file of [
    FIXTURE_CONFIG,
    fixture('bench/mock-rs256.yaml'),
    fixture('bench/mock-es256.yaml'),
    fixture('bench/mock-rs256-keyfile.yaml'),
  ]) {
    expect(validate(parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
});

test('a config with no file and no clients starts with defaults (RS256 JWT, port 0, the default client mock-client)', async () => {
  const { startMockIdp } = await import('../../mock-idp/index.ts');
  const idp = await startMockIdp({ port: 0 });
  try {
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}`);
    expect(idp.context.clients.list().map((c) => c.id)).toEqual(['mock-client']);
    expect(await accessToken(idp, { id: 'mock-client', secret: 'mock-secret' })).toContain('.');
  } finally {
    await idp.close();
  }
});

test('relative key and JWKS files resolve from the config file directory', async () => {
  const idp = await startMock({ config: fixture('bench/mock-rs256-keyfile.yaml') });
  try {
    expect(idp.context.keys.all()[0]!.kid).toBe('mock-signing-rs256-1');
    expect(await accessToken(idp, { id: 'bench-client', secret: 'bench-secret' })).toContain('.');
  } finally {
    await idp.close();
  }
  const pk = await startMock();
  try {
    expect(pk.context.clients.get(CLIENTS.pkjwt.id)!.jwks!.keys).toHaveLength(1);
  } finally {
    await pk.close();
  }
});
