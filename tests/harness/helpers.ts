// Shared helpers for the harness tests: a mock IdP on port 0 described by a target file, a harness run that
// collects its log lines, and a recursive file listing for the leak scan.
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { runConformance, type RunOptions } from '../../src/run.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SECRETS = { primary: 's3cr3t:+/ é%&-harness', second: 'second-secret', noGrant: 'no-grant-secret' };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `idp-conformance-${prefix}-`));
}

export async function startMock(): Promise<MockIdp> {
  return startMockIdp({ config: join(ROOT, 'fixtures', 'mock-idp.yaml'), port: 0 });
}

/** A target file for a running mock; `omit` drops optional parts to test capability gating. */
export function writeTarget(mock: MockIdp, dir: string, omit: string[] = []): string {
  process.env.HARNESS_TEST_SECRET = SECRETS.primary;
  process.env.HARNESS_TEST_SECRET_2 = SECRETS.second;
  process.env.HARNESS_TEST_SECRET_NO_GRANT = SECRETS.noGrant;
  const parts: Record<string, string> = {
    secondClient: `secondClient:\n  id: harness-client-2\n  secret: \${env:HARNESS_TEST_SECRET_2}\n  disallowedScope: write\n`,
    noGrantClient: `noGrantClient:\n  id: harness-no-grant\n  secret: \${env:HARNESS_TEST_SECRET_NO_GRANT}\n`,
    privateKeyJwt: `privateKeyJwt:\n  clientId: harness-pkjwt\n  privateKey: \${file:${join(ROOT, 'fixtures', 'keys', 'harness-pkjwt.private.jwk.json')}}\n`,
    resource: `resource:\n  url: ${mock.url('/resource')}\n  scope: read\n  insufficientScope: write\n`,
  };
  const yaml = [
    `name: test mock`,
    `issuer: ${mock.issuer}`,
    `client:\n  id: harness-client\n  secret: \${env:HARNESS_TEST_SECRET}\n  authMethods: [client_secret_basic, client_secret_post]`,
    `scope: read`,
    `expect:\n  tokenLifetime: 3600`,
    `limits:\n  ratePerSecond: 0`,
    ...Object.entries(parts)
      .filter(([k]) => !omit.includes(k))
      .map(([, v]) => v.trimEnd()),
  ].join('\n');
  const file = join(dir, 'target.yaml');
  writeFileSync(file, `${yaml}\n`);
  return file;
}

export async function run(opts: RunOptions): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  const code = await runConformance({ quiet: true, workers: 2, ...opts, log: (l) => log.push(l) });
  return { code, log };
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** `node bin/idp-conformance.js ARGS` as a user runs it (the dist/ bundle when built), with its output and wall time. */
export async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const { spawn } = await import('node:child_process');
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'idp-conformance.js'), ...args], {
      cwd: ROOT,
      // A user's CI log: no colours (Playwright's test workers set FORCE_COLOR, which the CLI would honour).
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
