// The README's vendor profile reference is generated from the profile YAML and must be current; bad profile input (name, quirk,
// file) is refused with exit 2 and file:line:key, through the library and the CLI (dist bundle: run
// `npm run build` first, as `npm test` does).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spliceProfilesSection } from '../../mock-idp/profile-doc.ts';
import { describeProfile, loadProfile, profileNames } from '../../mock-idp/profile.ts';
import { expect, test } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [`${ROOT}bin/idp-conformance.js`, ...args],
      { cwd: ROOT, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

test('the README has a table per profile and it is current: regenerate with `npm run docs:profiles`', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  expect(spliceProfilesSection(readme)).toBe(readme);
  for (const name of profileNames()) expect(readme).toContain(`### \`${name}\``);
});

test('every shipped profile loads with each of its quirks, and each default deviation has [DOC] evidence', () => {
  for (const name of profileNames()) {
    const p = loadProfile(name);
    expect(p.name).toBe(name);
    const doc = readFileSync(`${ROOT}fixtures/profiles/${name}.yaml`, 'utf8');
    expect(doc.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/profile.schema.json');
    for (const q of describeProfile(name).quirks) {
      expect(['3P', 'INF', 'UNV', 'DOC-EX']).toContain(q.evidence);
      expect(loadProfile(name, { quirks: [q.name] }).quirks).toEqual([q.name]);
    }
    for (const b of describeProfile(name).behaviours) if (b.strict !== undefined) expect(b.evidence, b.path).toBe('DOC');
  }
});

test("a profile file of one's own can be given by path and extends a shipped profile", () => {
  expect(loadProfile(fixture('custom.yaml')).paths.token).toBe('/oauth/token');
});

test('invalid profile files are refused with file:line and key path', () => {
  expect(() => loadProfile(fixture('bad-type.yaml'))).toThrow(/bad-type\.yaml:10: behaviours\.tokens\.reuse\.value: must be boolean/);
  expect(() => loadProfile(fixture('undocumented-deviation.yaml'))).toThrow(
    /undocumented-deviation\.yaml:10: behaviours\.revocation\.style: a deviation on by default needs \[DOC\] evidence \(is 3P\); make it a quirk/,
  );
  expect(() => loadProfile(fixture('unknown-source.yaml'))).toThrow(
    /unknown-source\.yaml:9: behaviours\.paths\.token: unknown source "nowhere"/,
  );
});

test('CLI: an unknown profile name exits 2 and lists the valid names', async () => {
  const r = await cli(['mock', '--profile', 'nope', '--port', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('unknown profile "nope"; valid profiles: aveva-connect, generic, oci-iam, oracle-integration, servicenow');
});

test("CLI: an unknown quirk exits 2 and lists the profile's quirks", async () => {
  const r = await cli(['mock', '--profile', 'servicenow', '--quirk', 'token-reuse', '--quirk', 'nope', '--port', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    'unknown quirk "nope"; valid quirks: bad-client-server-error, body-credentials-only, no-discovery, token-reuse',
  );
});

test('CLI: an invalid profile file exits 2 with file:line:key', async () => {
  const r = await cli(['mock', '--profile', fixture('bad-type.yaml'), '--port', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/bad-type\.yaml:10: behaviours\.tokens\.reuse\.value: must be boolean/);
});

test('CLI: --strict with --quirk exits 2', async () => {
  const r = await cli(['mock', '--profile', 'servicenow', '--strict', '--quirk', 'token-reuse', '--port', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('cannot be combined with quirks');
});
