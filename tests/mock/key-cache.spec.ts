// Instant start (issue 10, item 6): a mock's generated signing key is made once per process and kept in a
// per-user cache file (mode 0600, directory 0700, never in the project) across processes; every instance still
// publishes its own kid (RFC 7517 §4.5); `keys: fresh` / --fresh-keys, rotation and fault keys get new material.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { keyCacheDir } from '../../mock-idp/key-cache.ts';
import { expect, fixture, ROOT, test } from './helpers.ts';

const BIN = `${ROOT}bin/idp-conformance.js`;

async function jwks(url: string): Promise<JWK[]> {
  return ((await (await fetch(url)).json()) as { keys: JWK[] }).keys;
}

/** Start the CLI mock with a cache directory of its own; resolve with its JWKS, then stop it. */
async function cliJwks(cacheDir: string, args: string[] = []): Promise<JWK[]> {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', '--quiet', ...args], {
    cwd: ROOT,
    env: { ...process.env, IDP_CONFORMANCE_KEY_CACHE: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const issuer = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /^issuer: (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${err}`)));
    });
    return await jwks(`${issuer}/jwks`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  }
}

test.describe('per-user key cache across processes', () => {
  let dir: string;
  test.beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'idp-key-cache-')), 'cache');
  });
  test.afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  test('two CLI starts publish the same RSA key under different kids; the cache file is 0600 in a 0700 directory', async () => {
    const first = await cliJwks(dir);
    const file = join(dir, 'signing-keys.v1.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const second = await cliJwks(dir);
    expect(second[0]!.n).toBe(first[0]!.n);
    expect(second[0]!.kid).not.toBe(first[0]!.kid);
    // Public members only in the JWKS, the private part only in the cache.
    expect(second[0]!.d).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8')).keys.rsa.n).toBe(first[0]!.n);
  });

  test('--fresh-keys generates a new key and leaves the cache alone', async () => {
    const cached = await cliJwks(dir);
    const before = readFileSync(join(dir, 'signing-keys.v1.json'), 'utf8');
    const fresh = await cliJwks(dir, ['--fresh-keys']);
    expect(fresh[0]!.n).not.toBe(cached[0]!.n);
    expect(readFileSync(join(dir, 'signing-keys.v1.json'), 'utf8')).toBe(before);
  });

  test('a cache file others can read is not used (and is replaced by a private one)', async () => {
    const planted = JSON.parse(readFileSync(fixture('keys/mock-signing-rs256.private.jwk.json'), 'utf8')) as JWK;
    await cliJwks(dir); // creates the directory and a private file
    const file = join(dir, 'signing-keys.v1.json');
    writeFileSync(file, JSON.stringify({ version: 1, keys: { rsa: planted } }));
    chmodSync(file, 0o644);
    const served = await cliJwks(dir);
    expect(served[0]!.n).not.toBe(planted.n);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a damaged cache file is replaced, the mock still starts', async () => {
    await cliJwks(dir);
    const file = join(dir, 'signing-keys.v1.json');
    writeFileSync(file, '{"version":1,"keys":{"rsa":{"kty":"RSA","n":"AA"}}}', { mode: 0o600 });
    const served = await cliJwks(dir);
    expect(served[0]!.kty).toBe('RSA');
    expect(JSON.parse(readFileSync(file, 'utf8')).keys.rsa.n).toBe(served[0]!.n);
  });
});

test('in one process, instances share the key of their algorithm but each publishes its own kid (RFC 7517 §4.5)', async () => {
  const idps: MockIdp[] = [];
  try {
    for (const alg of ['RS256', 'RS256', 'ES256', 'ES256'] as const)
      idps.push(await startMockIdp({ port: 0, config: { tokens: { alg } } }));
    const [a, b, c, d] = await Promise.all(idps.map((i) => jwks(i.endpoints.jwks).then((k) => k[0]!)));
    expect(b!.n).toBe(a!.n);
    expect(d!.x).toBe(c!.x);
    expect(new Set([a!.kid, b!.kid, c!.kid, d!.kid]).size).toBe(4);
    // A token of one instance is not one of the other's (its kid is not published there).
    const token = await idps[0]!.mintToken();
    const other = await fetch(idps[1]!.endpoints.resource, { headers: { Authorization: `Bearer ${token}` } });
    expect(other.status).toBe(401);
  } finally {
    await Promise.all(idps.map((i) => i.close()));
  }
});

test('keys: fresh (option and config) and key rotation get new key material', async () => {
  const shared = await startMockIdp({ port: 0 });
  const option = await startMockIdp({ port: 0, keys: 'fresh' });
  const config = await startMockIdp({ port: 0, config: { keys: 'fresh' } });
  try {
    const n = async (i: MockIdp) => (await jwks(i.endpoints.jwks))[0]!.n;
    const base = await n(shared);
    expect(await n(option)).not.toBe(base);
    expect(await n(config)).not.toBe(base);
    await shared.admin.rotateKey({});
    const published = await jwks(shared.endpoints.jwks);
    expect(new Set(published.map((k) => k.n)).size).toBe(2);
  } finally {
    await Promise.all([shared.close(), option.close(), config.close()]);
  }
});

test('the cache directory: IDP_CONFORMANCE_KEY_CACHE, else XDG_CACHE_HOME, else ~/.cache; never the project', () => {
  expect(keyCacheDir({ IDP_CONFORMANCE_KEY_CACHE: '/x/y' })).toBe('/x/y');
  expect(keyCacheDir({ IDP_CONFORMANCE_KEY_CACHE: 'off' })).toBeUndefined();
  expect(keyCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/idp-conformance');
  const home = keyCacheDir({});
  expect(home).toMatch(/idp-conformance/);
  expect(home!.startsWith(ROOT)).toBe(false);
});
