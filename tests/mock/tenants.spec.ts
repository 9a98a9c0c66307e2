// Many tenants in one process (issue #10 item 4): one config declares several issuers under path prefixes, each
// with its own profile, keys, clients and clock; `mock` prints each. Real HTTP on port 0.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockIdp } from '../../mock-idp/index.ts';
import { startMockTenants } from '../../mock-idp/tenants.ts';
import { basic, expect, startMockCli, test } from './helpers.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const ORACLE_SCOPE = 'urn:opc:idm:__myscopes__';
const TENANTS = {
  tenants: [
    { path: '/oracle', config: { profile: 'oci-iam', clients: [{ id: 'oracle-app', secret: 'o-secret', scopes: [ORACLE_SCOPE] }] } },
    { path: '/servicenow', config: { profile: 'servicenow', clients: [{ id: 'sn-app', secret: 's-secret' }] } },
  ],
};

const token = (url: string, id: string, secret: string, scope?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { ...form, authorization: basic(id, secret) },
    body: `grant_type=client_credentials${scope ? `&scope=${scope}` : ''}`,
  });

test('two tenants side by side: each its own issuer path, profile endpoints, clients, keys and clock (RFC 8414 §3.1 path insertion)', async () => {
  const mock = await startMockTenants({ config: TENANTS, port: 0 });
  try {
    const [oracle, sn] = mock.tenants.map((t) => t.idp);
    const origin = `http://127.0.0.1:${mock.port}`;
    expect(oracle!.issuer).toBe(`${origin}/oracle`);
    expect(sn!.issuer).toBe(`${origin}/servicenow`);
    // Oracle's metadata, at the RFC 8414 well-known URL for an issuer with a path.
    const meta = (await (await fetch(`${origin}/.well-known/oauth-authorization-server/oracle`)).json()) as Record<string, string>;
    expect(meta.issuer).toBe(`${origin}/oracle`);
    expect(meta.token_endpoint).toBe(`${origin}/oracle/oauth2/v1/token`);
    expect((await token(meta.token_endpoint!, 'oracle-app', 'o-secret', ORACLE_SCOPE)).status).toBe(200);
    const snToken = await token(`${origin}/servicenow/oauth_token.do`, 'sn-app', 's-secret');
    expect(snToken.status).toBe(200);
    // Clients belong to their tenant.
    expect((await token(`${origin}/servicenow/oauth_token.do`, 'oracle-app', 'o-secret')).status).toBe(401);
    // Keys are the tenant's own.
    const kids = async (url: string) => ((await (await fetch(url)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const oracleKids = await kids(`${origin}/oracle/admin/v1/SigningCert/jwk`);
    const snKids = await kids(`${origin}/servicenow/api/now/oauth/jwks`);
    expect(oracleKids.length).toBeGreaterThan(0);
    expect(oracleKids.filter((k) => snKids.includes(k))).toEqual([]);
    // Clocks are the tenant's own: two hours on Oracle's leave ServiceNow's token valid.
    const { access_token } = (await snToken.json()) as { access_token: string };
    oracle!.clock.advance(7200);
    expect(Math.abs(sn!.clock.now() - Math.floor(Date.now() / 1000))).toBeLessThan(5);
    const table = await fetch(`${origin}/servicenow/api/now/table/incident`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(table.status).not.toBe(401);
    // Outside every tenant: the mock's JSON 404.
    const none = await fetch(`${origin}/elsewhere/token`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toBe('not_found');
  } finally {
    await mock.close();
  }
});

test('tenant configs that clash or nest, and tenants given to startMockIdp, are refused naming the key', async () => {
  await expect(
    startMockTenants({ config: { tenants: [TENANTS.tenants[0]!, { path: '/oracle/eu', config: {} }] }, port: 0 }),
  ).rejects.toThrow(/tenants\[1\]\.path: "\/oracle\/eu" is under tenants\[0\]\.path "\/oracle"/);
  await expect(
    startMockTenants({ config: { tenants: [{ path: '/a', config: { tenants: [{ path: '/b', config: {} }] } }] }, port: 0 }),
  ).rejects.toThrow(/tenants\[0\]\.config: tenants do not nest/);
  await expect(startMockTenants({ config: { ...TENANTS, profile: 'generic' }, port: 0 })).rejects.toThrow(
    /profile: a config with tenants holds only tenants/,
  );
  await expect(startMockTenants({ config: { tenants: [{ path: 'no-slash', config: {} }] }, port: 0 })).rejects.toThrow(/tenants\/0\/path/);
  await expect(startMockIdp({ config: TENANTS, port: 0 })).rejects.toThrow(/tenants: several issuers are started by startMockTenants/);
});

/** Starts the CLI; `ready` resolves once both tenants' token URLs are printed. */
const cli = (args: string[]) => startMockCli(args, (out) => (out.match(/^ {2}token: /gm) ?? []).length >= 2);

test('mock --config with tenants (a file and an inline config) prints each tenant and serves both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-tenants-'));
  writeFileSync(
    join(dir, 'oracle.yaml'),
    `profile: oci-iam\nclients:\n  - id: oracle-app\n    secret: o-secret\n    scopes: ['${ORACLE_SCOPE}']\n`,
  );
  writeFileSync(
    join(dir, 'tenants.yaml'),
    'tenants:\n  - path: /oracle\n    config: oracle.yaml\n  - path: /servicenow\n    config:\n      profile: servicenow\n      clients:\n        - { id: sn-app, secret: s-secret }\n',
  );
  const run = cli(['--config', join(dir, 'tenants.yaml'), '--port', '0']);
  try {
    const out = await run.ready;
    expect(out).toMatch(/^idp-conformance mock IdP ready: 2 tenants on port \d+$/m);
    expect(out).toMatch(/^tenant \/oracle \(oci-iam\): issuer http:\/\/127\.0\.0\.1:\d+\/oracle$/m);
    expect(out).toMatch(/^tenant \/servicenow \(servicenow\): issuer http:\/\/127\.0\.0\.1:\d+\/servicenow$/m);
    const [oracleToken, snToken] = [...out.matchAll(/^ {2}token: (\S+)$/gm)].map((m) => m[1]!);
    expect(oracleToken).toMatch(/\/oracle\/oauth2\/v1\/token$/);
    expect((await token(oracleToken!, 'oracle-app', 'o-secret', ORACLE_SCOPE)).status).toBe(200);
    expect((await token(snToken!, 'sn-app', 's-secret')).status).toBe(200);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  } finally {
    run.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mock with tenants: a bad tenant config names its file, line and key; a per-issuer flag names the flag; both exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-tenants-'));
  writeFileSync(join(dir, 'bad.yaml'), 'profile: generic\nclients:\n  - id: x\n    scope: read\n');
  writeFileSync(join(dir, 'tenants.yaml'), 'tenants:\n  - path: /a\n    config: bad.yaml\n');
  try {
    const bad = await cli(['--config', join(dir, 'tenants.yaml'), '--port', '0']).exit;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:4: clients\[0\]\.scope: unknown key/);
    const flag = await cli(['--config', join(dir, 'tenants.yaml'), '--port', '0', '--profile', 'servicenow']).exit;
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--profile: the config declares tenants: set it in each tenant's config/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mock with tenants: --client is added to every tenant (beside its own clients), the request log is on, --quiet silences it (RFC 6749 §4.4)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-tenants-'));
  writeFileSync(
    join(dir, 'tenants.yaml'),
    'tenants:\n  - path: /a\n    config: {}\n  - path: /b\n    config:\n      clients:\n        - { id: b-app, secret: b-secret }\n',
  );
  const start = async (extra: string[]) => {
    const run = cli(['--config', join(dir, 'tenants.yaml'), '--port', '0', '--client', 'shared-app:shared pw:read', ...extra]);
    const tokens = [...(await run.ready).matchAll(/^ {2}token: (\S+)$/gm)].map((m) => m[1]!);
    return { run, tokens };
  };
  const loud = await start([]);
  const quiet = await start(['--quiet']);
  try {
    for (const url of loud.tokens) expect((await token(url, 'shared-app', 'shared pw', 'read')).status, url).toBe(200);
    // A tenant's own clients stay; one given no clients has only the added one (no default client beside it).
    expect((await token(loud.tokens[1]!, 'b-app', 'b-secret')).status).toBe(200);
    expect((await token(loud.tokens[0]!, 'mock-client', 'mock-secret')).status).toBe(401);
    for (const url of quiet.tokens) expect((await token(url, 'shared-app', 'shared pw', 'read')).status, url).toBe(200);
    for (const r of [loud, quiet]) r.run.child.kill('SIGTERM');
    const [loudOut, quietOut] = await Promise.all([loud.run.exit, quiet.run.exit]);
    expect(loudOut.stdout).toMatch(/^POST \/a\/token client=shared-app issued 200 /m);
    expect(loudOut.stdout).toMatch(/^POST \/b\/token client=b-app issued 200 /m);
    expect(loudOut.stdout).not.toContain('shared pw');
    expect(quietOut.stdout).not.toMatch(/^POST /m);
  } finally {
    for (const r of [loud, quiet]) r.run.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mock with tenants --fresh-keys: every tenant signs with a new key, not the per-user cached one (README "Instant start")', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-tenants-'));
  writeFileSync(join(dir, 'tenants.yaml'), 'tenants:\n  - path: /a\n    config: {}\n  - path: /b\n    config: {}\n');
  const moduli = async (extra: string[]) => {
    const run = cli(['--config', join(dir, 'tenants.yaml'), '--port', '0', '--quiet', ...extra]);
    try {
      const issuers = [...(await run.ready).matchAll(/^tenant \S+ \(generic\): issuer (\S+)$/gm)].map((m) => m[1]!);
      expect(issuers).toHaveLength(2);
      return await Promise.all(
        issuers.map(async (i) => ((await (await fetch(`${i}/jwks`)).json()) as { keys: { n: string }[] }).keys[0]!.n),
      );
    } finally {
      run.child.kill('SIGTERM');
      await run.exit;
    }
  };
  try {
    const cached = await moduli([]);
    const cacheFile = join(process.env.IDP_CONFORMANCE_KEY_CACHE!, 'signing-keys.v1.json');
    const cachedN = (JSON.parse(readFileSync(cacheFile, 'utf8')) as { keys: { rsa: { n: string } } }).keys.rsa.n;
    expect(cached).toEqual([cachedN, cachedN]);
    const fresh = await moduli(['--fresh-keys']);
    for (const n of fresh) expect(n).not.toBe(cachedN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the tenants listener answers malformed HTTP with 400 invalid_request JSON, not a crash (RFC 9112 §3)', async () => {
  const mock = await startMockTenants({ config: TENANTS, port: 0 });
  try {
    const { Socket } = await import('node:net');
    const raw = await new Promise<string>((resolve, reject) => {
      let data = '';
      const s = new Socket();
      s.on('data', (d: Buffer) => (data += d.toString('latin1')));
      s.on('end', () => resolve(data));
      s.on('error', reject);
      s.connect(mock.port, '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\r\n'));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('"error":"invalid_request"');
    expect((await fetch(`http://127.0.0.1:${mock.port}/servicenow/api/now/oauth/jwks`)).status).toBe(200);
  } finally {
    await mock.close();
  }
});
