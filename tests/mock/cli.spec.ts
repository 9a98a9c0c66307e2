// `idp-conformance mock` (bin/idp-conformance.js, the dist bundle from `npm run build`): prints the issuer
// when ready, serves tokens, exits 0 on SIGINT/SIGTERM and 2 on an invalid config or port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { basic, CLIENTS, expect, fixture, FIXTURE_CONFIG, ROOT, test } from './helpers.ts';

const BIN = `${ROOT}bin/idp-conformance.js`;

interface Cli {
  child: ChildProcess;
  issuer: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Everything printed on stdout so far. */
  output(): string;
}

function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onIssuer: (s: string) => void;
  const issuer = new Promise<string>((resolve) => (onIssuer = resolve));
  child.stdout.on('data', (d) => {
    stdout += d;
    const m = /^issuer: (\S+)$/m.exec(stdout);
    if (m) onIssuer(m[1]!);
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  // Never leave a mock running after a failed test.
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exit.then(() => clearTimeout(killer));
  return { child, issuer, exit, output: () => stdout };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`mock prints the issuer when ready, serves a token, and exits 0 on ${signal}`, async () => {
    const cli = runCli(['mock', '--config', FIXTURE_CONFIG, '--port', '0']);
    const issuer = await Promise.race([cli.issuer, cli.exit.then((e) => Promise.reject(new Error(`exited early: ${e.stderr}`)))]);
    expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const meta = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
    expect(meta.issuer).toBe(issuer);
    const r = await fetch(meta.token_endpoint, {
      method: 'POST',
      headers: { Authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(200);
    cli.child.kill(signal);
    const { code, signal: killedBy } = await cli.exit;
    expect(killedBy).toBeNull();
    expect(code).toBe(0);
  });
}

test('mock --host and --port listen where asked', async () => {
  const free = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const cli = runCli(['mock', '--config', FIXTURE_CONFIG, '--port', String(free), '--host', '127.0.0.1']);
  try {
    expect(await cli.issuer).toBe(`http://127.0.0.1:${free}`);
    expect((await fetch(`http://127.0.0.1:${free}/jwks`)).status).toBe(200);
  } finally {
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
  }
});

test('mock with an invalid config exits 2 and names file, line and key path on stderr', async () => {
  const { code, stderr, stdout } = await runCli(['mock', '--config', fixture('invalid/unknown-key.yaml'), '--port', '0']).exit;
  expect(code).toBe(2);
  expect(stderr).toMatch(/unknown-key\.yaml:5: clients\[0\]\.scope: unknown key/);
  expect(stdout).not.toContain('issuer:');
});

test('mock on a port already in use exits 2', async () => {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  try {
    const { code, stderr } = await runCli(['mock', '--config', FIXTURE_CONFIG, '--port', String(port)]).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(/EADDRINUSE/);
  } finally {
    server.close();
  }
});

test('mock with a malformed --port exits 2', async () => {
  const { code } = await runCli(['mock', '--port', 'eighty']).exit;
  expect(code).toBe(2);
});

test('mock prints the RFC 8414 metadata URL with the well-known part before the issuer path, and it answers (RFC 8414 §3.1)', async () => {
  const cli = runCli(['mock', '--profile', 'aveva-connect', '--port', '0']);
  try {
    const issuer = await cli.issuer;
    expect(new URL(issuer).pathname).toBe('/identity');
    await expect.poll(() => /^metadata: (\S+)$/m.exec(cli.output())?.[1]).toBeTruthy();
    const metadataUrl = /^metadata: (\S+)$/m.exec(cli.output())![1]!;
    expect(metadataUrl).toBe(`${new URL(issuer).origin}/.well-known/oauth-authorization-server/identity`);
    const meta = await (await fetch(metadataUrl)).json();
    expect(meta.issuer).toBe(issuer);
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exit;
  }
});

test('mock prints no metadata URL when the profile serves no metadata (ServiceNow no-discovery quirk)', async () => {
  const cli = runCli(['mock', '--profile', 'servicenow', '--quirk', 'no-discovery', '--port', '0']);
  try {
    await cli.issuer;
    await expect.poll(() => cli.output()).toContain('try: curl');
    expect(cli.output()).not.toContain('metadata:');
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exit;
  }
});
