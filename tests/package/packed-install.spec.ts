// The package as users meet it (issue #9): `npm pack`, the tarball installed into an empty project, and every
// command the README shows run there — the CLI, the library from ESM, a strict `nodenext` TypeScript consumer and
// the docs/ci/ jobs as written. Nothing here reaches into this checkout's sources: only the installed package.
import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
/** fixtures/mock-idp.yaml's clients, as the README's quick start uses them. */
const SECRETS = { primary: 's3cr3t:+/ é%&-harness', second: 'second-secret', noGrant: 'no-grant-secret' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let project: string;
let tarball: string;
const children: ChildProcess[] = [];

/** A shell command in the consumer project, as a user types it (npx resolves the installed bin). */
function sh(command: string, env: Record<string, string> = {}): Run {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 200_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port free at the time of asking, for the API the api command starts (it listens on PORT). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** `npx idp-conformance mock …` in the background; resolves with the issuer it prints. */
async function startMock(args: string): Promise<string> {
  const child = spawn('bash', ['-c', `exec npx idp-conformance mock ${args}`], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const m = /^issuer: (\S+)$/m.exec(out);
      if (m && /^try: /m.test(out)) resolve(m[1]!);
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`mock exited with ${code}: ${out}`)));
  });
}

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-packed-'));
  // `npm test` has just built dist/: pack it as is (--ignore-scripts: prepack would rebuild dist/ under the feet of
  // the tests running in parallel).
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  tarball = join(dir, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  project = join(dir, 'consumer');
  cpSync(join(ROOT, 'tests', 'package', 'consumer'), project, { recursive: true });
  // From the npm cache that this checkout's `npm install` filled; the registry only for what it lacks.
  const install = spawnSync(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--save-dev',
      tarball,
      `typescript@${versionOf('typescript')}`,
      `@types/node@${versionOf('@types/node')}`,
    ],
    { cwd: project, encoding: 'utf8' },
  );
  expect(install.status, install.stderr).toBe(0);
});

test.afterAll(() => {
  for (const c of children) c.kill();
  if (!process.env.IDP_CONFORMANCE_KEEP_PACKED) rmSync(join(project, '..'), { recursive: true, force: true });
});

test('the tarball holds compiled JavaScript, types and data, and no TypeScript source', () => {
  const files = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const f of [
    'dist/cli.js',
    'dist/mock-cli.js',
    'dist/precompiled.json',
    'dist/index.js',
    'dist/playwright.config.js',
    'dist/conformance.spec.js',
    'dist/compliance-reporter.js',
    'dist/types/src/index.d.ts',
    'dist/playwright.js',
    'dist/types/src/playwright.d.ts',
    'docs/examples/node-test.test.mjs',
    'docs/examples/vitest.test.mjs',
    'docs/examples/jest.test.mjs',
    'fixtures/mock-idp.yaml',
    'suites/rfc6749-client-credentials.suite.yaml',
    'schemas/mock-config.schema.json',
  ]) {
    expect(files, f).toContain(`package/${f}`);
  }
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
});

test('npx idp-conformance --version prints the version in package.json', () => {
  const r = sh('npx idp-conformance --version');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(PKG.version);
});

test('mock: discovery and a token over HTTP, with the sample config the package ships (RFC 8414 §3, RFC 6749 §4.4)', async () => {
  const issuer = await startMock('--config node_modules/idp-conformance/fixtures/mock-idp.yaml --port 0');
  const meta = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as {
    issuer: string;
    token_endpoint: string;
  };
  expect(meta.issuer).toBe(issuer);
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`harness-client-2:${SECRETS.second}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { token_type: string }).token_type).toMatch(/^bearer$/i);
});

test('mock: the web console is served from the installed package at the URL it prints (issue 11)', async () => {
  const child = spawn('bash', ['-c', 'exec npx idp-conformance mock --profile aveva-connect --port 0'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const consoleUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const m = /^console: (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`mock exited with ${code}: ${out}`)));
  });
  expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity\/_console\/$/);
  const page = await fetch(consoleUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<script type="module" src="app.js"></script>');
  for (const file of ['app.js', 'style.css', 'favicon.svg']) expect((await fetch(consoleUrl + file)).status, file).toBe(200);
  const profile = (await (await fetch(consoleUrl.replace(/_console\/$/, '_admin/profile'))).json()) as { words: { addClient: string } };
  expect(profile.words.addClient).toBe('Add Client');
});

test('run against the embedded mock: exit 0 and every report written', () => {
  const r = sh('npx idp-conformance run --quiet --report-dir reports');
  expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
  expect(r.stderr).toMatch(/^idp-conformance: conformant — \d+ of \d+ checks evaluated, \d+ skipped .* → exit 0$/m);
  for (const f of ['compliance.json', 'junit.xml', 'ctrf.json', 'index.html', 'summary.md'])
    expect(existsSync(join(project, 'reports', f)), f).toBe(true);
});

test('run --target-url against a separately started mock: exit 0', async () => {
  const issuer = await startMock('--config node_modules/idp-conformance/fixtures/mock-idp.yaml --port 0');
  const r = sh(
    `npx idp-conformance run --quiet --target-url ${issuer} --client-id harness-client --client-secret-env IDP_SECRET --report-dir reports-url`,
    { IDP_SECRET: SECRETS.primary },
  );
  expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
  expect(readFileSync(join(project, 'reports-url', 'compliance.json'), 'utf8')).not.toContain(SECRETS.primary);
});

test('api from the installed package: the example API (started by the command after --) passes, exit 0 and compliance.json (RFC 6750, RFC 9068 §4)', async () => {
  const port = await freePort();
  // The example imports jose, which the consumer project does not have: the checkout's copy of it, by absolute path.
  const r = sh(
    `npx idp-conformance api --url http://127.0.0.1:${port}/orders --report-dir reports-api -- node ${JSON.stringify(join(ROOT, 'examples', 'api', 'resource-server.mjs'))}`,
    { PORT: String(port) },
  );
  expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
  expect(r.stderr).toMatch(/^idp-conformance: conformant — \d+ of \d+ checks evaluated.* → exit 0$/m);
  const model = JSON.parse(readFileSync(join(project, 'reports-api', 'compliance.json'), 'utf8')) as { results: { checkId: string }[] };
  expect(model.results.map((x) => x.checkId)).toContain('api.wrong-audience.refused');
});

test('client from the installed package: the example client (openid-client) in the steady and secret-rotated scenarios, exit 0 (RFC 6749 §2.3.1, §5.2)', () => {
  // The example imports openid-client, which the consumer project does not have: the checkout's copy, by absolute path.
  const r = sh(
    `npx idp-conformance client --scenario steady --scenario secret-rotated --report-dir reports-client -- node ${JSON.stringify(join(ROOT, 'examples', 'client', 'worker.mjs'))}`,
  );
  expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
  expect(r.stderr).toMatch(/^idp-conformance: conformant — 12 of 12 checks evaluated.* → exit 0$/m);
  const model = JSON.parse(readFileSync(join(project, 'reports-client', 'compliance.json'), 'utf8')) as { results: { checkId: string }[] };
  expect(model.results.map((x) => x.checkId)).toContain('client.steady.basic-form-encoded');
});

test("report and gate on the run's compliance.json", () => {
  const report = sh('npx idp-conformance report reports/compliance.json --format all --out rendered');
  expect(report.code, report.stderr).toBe(0);
  for (const f of ['junit.xml', 'ctrf.json', 'index.html', 'summary.md']) expect(existsSync(join(project, 'rendered', f)), f).toBe(true);
  const gate = sh('npx idp-conformance gate reports/compliance.json');
  expect(gate.code, gate.stdout + gate.stderr).toBe(0);
});

test('the library from an ESM script: startMockIdp, a token, close', () => {
  const r = sh('node esm-consumer.mjs');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('token_type=Bearer');
});

test('interceptIdp from the package: a ServiceNow instance URL answered in process via fetch and node:https, other hosts refused', () => {
  const r = sh('node intercept-consumer.mjs');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('fetch=200 https=200 other=refused');
});

test('docs/examples/node-test.test.mjs passes as shipped (node --test, startMockIdp)', () => {
  const r = sh('cp node_modules/idp-conformance/docs/examples/node-test.test.mjs . && node --test node-test.test.mjs');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^# pass 3$/m);
});

/** Without ANSI colours (Playwright sets FORCE_COLOR for its workers, which Vitest and Jest honour over NO_COLOR). */
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

// The test runners are this checkout's devDependencies, started from its node_modules (an `npm install` of them
// in the consumer project would cost minutes): the example and the idp-conformance it imports are the installed ones.
test('docs/examples/vitest.test.mjs passes as shipped (Vitest, startMockIdp in beforeAll/afterAll)', () => {
  const r = sh(
    `mkdir -p vitest-example && cp node_modules/idp-conformance/docs/examples/vitest.test.mjs vitest-example/ && node ${JSON.stringify(join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'))} run --root vitest-example`,
  );
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(plain(r.stdout)).toMatch(/Tests +1 passed \(1\)/);
});

test('docs/examples/jest.test.mjs passes as shipped (Jest with ES modules, as its comment says to run it)', () => {
  const r = sh(
    `mkdir -p jest-example && cp node_modules/idp-conformance/docs/examples/jest.test.mjs jest-example/ && node ${JSON.stringify(join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'))} --ci --rootDir jest-example`,
    { NODE_OPTIONS: '--experimental-vm-modules' },
  );
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(plain(r.stderr)).toMatch(/^Tests: +1 passed, 1 total$/m);
});

test("idp-conformance/playwright: the shipped Playwright example runs with the package's mockIdp fixture", () => {
  writeFileSync(join(project, 'fixture.config.mjs'), "export default { testDir: 'fixture-tests', workers: 1, reporter: 'line' };\n");
  const r = sh(
    'mkdir -p fixture-tests && cp node_modules/idp-conformance/docs/examples/playwright.spec.mjs fixture-tests/ && npx playwright test -c fixture.config.mjs',
  );
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/1 passed/);
});

test('a strict nodenext TypeScript consumer compiles with zero errors and no special flags', () => {
  const tsconfig = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: 'nodenext' });
  expect(tsconfig.compilerOptions).not.toHaveProperty('allowImportingTsExtensions');
  expect(tsconfig.compilerOptions).not.toHaveProperty('skipLibCheck');
  const r = sh('npx tsc -p tsconfig.json');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout + r.stderr).toBe('');
});

for (const [file, pick] of [
  [
    'github-actions.yml',
    (doc: any) => (doc.jobs.conformance.steps as { run?: string }[]).filter((s) => s.run?.includes('idp-conformance')).map((s) => s.run!),
  ],
  ['gitlab-ci.yml', (doc: any) => [(doc['idp-conformance'].script as string[]).join('\n')]],
] as const) {
  test(`docs/ci/${file}: its commands run as written in the consumer project (run, report, gate)`, async () => {
    const issuer = await startMock('--config node_modules/idp-conformance/fixtures/mock-idp.yaml --port 0');
    const ws = `ci-${file.split('.')[0]}`;
    sh(`mkdir -p ${ws}/targets`);
    writeFileSync(
      join(project, ws, 'targets', 'staging.yaml'),
      `name: staging\nissuer: ${issuer}\nallowHttp: true\nclient:\n  id: harness-client\n  secret: \${env:IDP_CLIENT_SECRET}\nscope: read\nlimits:\n  ratePerSecond: 0\n`,
    );
    writeFileSync(join(project, ws, 'policy.yaml'), 'levels: { MUST: fail, SHOULD: warn, MAY: info }\nwaivers: []\n');
    const doc = parse(readFileSync(join(project, 'node_modules', 'idp-conformance', 'docs', 'ci', file), 'utf8'));
    for (const script of pick(doc)) {
      const r = sh(`cd ${ws} && ${script}`, { IDP_CLIENT_SECRET: SECRETS.primary, GITHUB_STEP_SUMMARY: join(project, ws, 'summary.md') });
      expect(r.code, `${script}\n${r.stderr}${r.stdout.slice(-1500)}`).toBe(0);
    }
    expect(existsSync(join(project, ws, 'reports', 'junit.xml'))).toBe(true);
  });
}

test('a broken install is not a target verdict: the harness failing to load exits 2 with one line', () => {
  const config = join(project, 'node_modules', 'idp-conformance', 'dist', 'playwright.config.js');
  const spec = join(project, 'node_modules', 'idp-conformance', 'dist', 'conformance.spec.js');
  const saved = readFileSync(spec, 'utf8');
  try {
    // A harness module that throws on load, as a half-written or mismatched install would.
    writeFileSync(spec, "throw new Error('cannot load the harness');\n");
    const r = sh('npx idp-conformance run --quiet --report-dir reports-broken');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^idp-conformance: the harness could not run \(Playwright exited with \d+.*\); reinstall idp-conformance$/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(project, 'reports-broken', 'compliance.json'))).toBe(false);
    // A missing config file too, with the cause named.
    renameSync(config, `${config}.moved`);
    const missing = sh('npx idp-conformance run --quiet --report-dir reports-broken');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(
      /^idp-conformance: the harness could not run \(Playwright exited with \d+: Error: .*playwright\.config\.js does not exist\); reinstall idp-conformance$/,
    );
  } finally {
    writeFileSync(spec, saved);
    if (existsSync(`${config}.moved`)) renameSync(`${config}.moved`, config);
  }
});
