// Ready the moment it starts (issue 10, item 5): `mock --client` and the default client, a `try:` line that
// works as pasted in every profile, one log line per request, idp.endpoints per profile, relative secret
// expiry, "expired" in the error, failed requests in the log, Latin-1 Basic credentials. Real HTTP on port 0.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { startMockIdp, type AccessLogEntry } from '../../mock-idp/index.ts';
import { shellQuote } from '../../src/cli/try-line.ts';
import { expect, reply, ROOT, test } from './helpers.ts';

const BIN = `${ROOT}bin/idp-conformance.js`;
const PROFILES = ['generic', 'oci-iam', 'oracle-integration', 'aveva-connect', 'servicenow'];
const sh = promisify(execFile);

interface Cli {
  child: ChildProcess;
  /** Resolves with stdout once the `try:` line is printed. */
  ready: Promise<string>;
  output(): string;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onReady: (s: string) => void;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d) => {
    stdout += d;
    if (/^try: .*$/m.test(stdout)) onReady(stdout);
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exit.then(() => clearTimeout(killer));
  const readyOrExit = Promise.race([ready, exit.then((e) => Promise.reject(new Error(`mock exited ${e.code}: ${e.stderr}`)))]);
  readyOrExit.catch(() => undefined);
  return {
    child,
    ready: readyOrExit,
    output: () => stdout,
    exit,
    stop: async () => {
      child.kill('SIGTERM');
      await exit;
    },
  };
}

/** The `try:` line, run by /bin/sh exactly as printed. */
async function runTryLine(stdout: string): Promise<{ status: number; json: any }> {
  const line = /^try: (.*)$/m.exec(stdout)![1]!;
  const { stdout: out } = await sh('/bin/sh', ['-c', `${line} -w '\\n%{http_code}'`]);
  const cut = out.lastIndexOf('\n');
  return { status: Number(out.slice(cut + 1)), json: JSON.parse(out.slice(0, cut)) };
}

for (const profile of PROFILES) {
  test(`mock --profile ${profile} without a config: the printed try: line gets a token as pasted (default client, RFC 6749 §4.4)`, async () => {
    const cli = runCli(['--profile', profile]);
    try {
      const stdout = await cli.ready;
      expect(stdout).not.toContain('<secret>');
      const r = await runTryLine(stdout);
      expect(r.status).toBe(200);
      expect(typeof r.json.access_token).toBe('string');
    } finally {
      await cli.stop();
    }
  });
}

test('mock --client with a hostile secret: the try: line is shell-quoted and still works; the log line has no secret or token', async () => {
  const secret = `it's "$(touch /tmp/pwned)" \`x\` \\ ü;|&`;
  const cli = runCli(['--client', `dev-app:${secret}:read,write`, '--client', 'other:pw']);
  try {
    const stdout = await cli.ready;
    const r = await runTryLine(stdout);
    expect(r.status).toBe(200);
    expect(r.json.scope).toBe('read write');
    await expect.poll(() => cli.output()).toMatch(/^POST \/token client=dev-app issued 200 \d+\.\dms$/m);
    const logLines = cli
      .output()
      .split('\n')
      .filter((l) => l.startsWith('POST '));
    expect(logLines.join('\n')).not.toContain(secret);
    expect(logLines.join('\n')).not.toContain(r.json.access_token);
  } finally {
    await cli.stop();
  }
});

test('mock --client with a secret holding ":" (trailing colon, no scopes) and the ServiceNow client_secret_post quirk', async () => {
  const cli = runCli(['--profile', 'servicenow', '--quirk', 'body-credentials-only', '--client', 'sn:a:b:c:']);
  try {
    const stdout = await cli.ready;
    expect(/^try: (.*)$/m.exec(stdout)![1]).toContain('--data-urlencode');
    const r = await runTryLine(stdout);
    expect(r.status).toBe(200);
  } finally {
    await cli.stop();
  }
});

test('mock logs one line per request, failed ones too (method, path, client, outcome, status, ms); --quiet silences it', async () => {
  const loud = runCli(['--client', 'app:pw']);
  const quiet = runCli(['--client', 'app:pw', '--quiet']);
  try {
    for (const cli of [loud, quiet]) {
      const issuer = /^issuer: (\S+)$/m.exec(await cli.ready)![1]!;
      const bad = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('app:wrong').toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(bad.status).toBe(401);
      expect((await fetch(`${issuer}/jwks?x=secret-in-query`)).status).toBe(200);
    }
    await expect.poll(() => loud.output()).toMatch(/^GET \/jwks client=- ok 200 \d+\.\dms$/m);
    expect(loud.output()).toMatch(/^POST \/token client=app invalid_client 401 \d+\.\dms$/m);
    expect(loud.output()).not.toContain('wrong');
    expect(loud.output()).not.toContain('secret-in-query');
    expect(quiet.output()).not.toMatch(/^(GET|POST) /m);
  } finally {
    await loud.stop();
    await quiet.stop();
  }
});

for (const [value, why] of [
  ['no-colon-here', 'no ":"'],
  [':s3kr1t-value', 'client id is empty'],
  ['app:', 'secret of client "app" is empty'],
  ['app:hunter2:re"ad', 'not a scope token'],
] as const) {
  test(`mock --client ${JSON.stringify(value)} exits 2 naming the flag (${why}) and never echoes the secret`, async () => {
    const { code, stderr, stdout } = await runCli(['--client', 'ok:fine', '--client', value]).exit;
    expect(code).toBe(2);
    expect(stderr).toContain('--client #2');
    expect(stderr).toContain(why);
    for (const secret of ['s3kr1t', 'hunter2', 'fine']) expect(stderr).not.toContain(secret);
    expect(stdout).not.toContain('issuer:');
  });
}

test('mock --client given twice for one id exits 2', async () => {
  const { code, stderr } = await runCli(['--client', 'a:x', '--client', 'a:y']).exit;
  expect(code).toBe(2);
  expect(stderr).toContain('--client #2');
});

test('shellQuote: what /bin/sh reads back is the text, for quotes, $, backquotes and control characters', async () => {
  const texts = [`a'b`, `"$(x)"`, '`id`', 'tab\there', 'new\nline', 'back\\slash', 'plain-1.2:3', `it's "$(touch /tmp/pwned)" ü;|&`];
  // One shell for all of them: each read back, NUL-terminated.
  const { stdout } = await sh('/bin/bash', ['-c', `printf '%s\\0' ${texts.map(shellQuote).join(' ')}`]);
  expect(stdout.split('\0').slice(0, -1)).toEqual(texts);
});

for (const profile of PROFILES) {
  test(`idp.endpoints under ${profile}: every URL answers with the profile's paths (RFC 8414 §2 endpoints)`, async () => {
    const idp = await startMockIdp({ port: 0, profile });
    try {
      const e = idp.endpoints;
      const basic = `Basic ${Buffer.from('mock-client:mock-secret').toString('base64')}`;
      const form = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic };
      const token = await reply(await fetch(e.token, { method: 'POST', headers: form, body: 'grant_type=client_credentials' }));
      expect(token.status).toBe(200);
      const at = token.json.access_token as string;
      expect((await fetch(e.jwks)).status).toBe(200);
      if (e.metadata) {
        const meta = await (await fetch(e.metadata)).json();
        expect(meta.token_endpoint).toBe(e.token);
        expect(meta.jwks_uri).toBe(e.jwks);
      }
      if (e.introspection) {
        const r = await reply(await fetch(e.introspection, { method: 'POST', headers: form, body: `token=${at}` }));
        expect(r.json.active).toBe(true);
      }
      const resource = await fetch(e.resource, { headers: { Authorization: `Bearer ${at}` } });
      expect(resource.status).toBe(200);
      if (e.revocation) expect(e.revocation).toContain(idp.issuer);
      if (profile === 'servicenow') expect(new URL(e.token).pathname).toBe('/oauth_token.do');
    } finally {
      await idp.close();
    }
  });
}

test('startMockIdp({ clients }) adds clients to the config; `clients: []` means none (no default client)', async () => {
  const idp = await startMockIdp({ port: 0, config: { clients: [] }, clients: [{ id: 'lib', secret: 'pw' }] });
  const none = await startMockIdp({ port: 0, config: { clients: [] } });
  try {
    expect(idp.context.clients.list().map((c) => c.id)).toEqual(['lib']);
    expect(none.context.clients.list()).toEqual([]);
  } finally {
    await idp.close();
    await none.close();
  }
});

async function token(url: string, id: string, secret: string): Promise<{ status: number; json: any }> {
  const r = await reply(
    await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    }),
  );
  return { status: r.status, json: r.json };
}

for (const [expiresAt, seconds] of [
  ['1h', 3600],
  ['PT1H', 3600],
  ['1h30m', 5400],
  ['P1Y', 365 * 86_400],
  ['7d', 7 * 86_400],
] as const) {
  test(`a config secret with expiresAt ${expiresAt} works until then and is refused after, with "expired" in error_description (RFC 6749 §5.2)`, async () => {
    const idp = await startMockIdp({ port: 0, config: { clients: [{ id: 'c', secrets: [{ value: 'pw', expiresAt }] }] } });
    try {
      const secret = idp.context.clients.get('c')!.secrets[0]!;
      expect(secret.expiresAt! - secret.createdAt).toBe(seconds);
      idp.clock.freeze();
      idp.clock.set(secret.expiresAt! - 1);
      expect((await token(idp.endpoints.token, 'c', 'pw')).status).toBe(200);
      idp.clock.advance(1);
      const r = await token(idp.endpoints.token, 'c', 'pw');
      expect(r.status).toBe(401);
      expect(r.json.error).toBe('invalid_client');
      expect(r.json.error_description).toContain('expired');
      // A wrong secret does not say "expired".
      expect((await token(idp.endpoints.token, 'c', 'nope')).json.error_description).not.toContain('expired');
    } finally {
      await idp.close();
    }
  });
}

test('an RFC 3339 secret expiry still works; a malformed one is refused at start', async () => {
  const past = new Date(Date.now() - 1000).toISOString();
  const idp = await startMockIdp({ port: 0, config: { clients: [{ id: 'c', secrets: [{ value: 'pw', expiresAt: past }] }] } });
  try {
    expect((await token(idp.endpoints.token, 'c', 'pw')).json.error_description).toContain('expired');
  } finally {
    await idp.close();
  }
  await expect(
    startMockIdp({ port: 0, config: { clients: [{ id: 'c', secrets: [{ value: 'pw', expiresAt: '1 hour' }] }] } }),
  ).rejects.toThrow(/expiresAt/);
});

test('admin API: a secret created with expiresAt "PT1H" expires one hour later on the mock clock; "soon" is a 400', async () => {
  const idp = await startMockIdp({ port: 0, config: { clients: [{ id: 'c', secret: 'first' }] } });
  try {
    idp.clock.freeze();
    const created = await reply(
      await fetch(`${idp.adminUrl}/clients/c/secrets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ expiresAt: 'PT1H' }),
      }),
    );
    expect(created.status).toBe(201);
    expect(Date.parse(created.json.secret.expiresAt) / 1000).toBe(idp.clock.now() + 3600);
    const bad = await fetch(`${idp.adminUrl}/clients/c/secrets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ expiresAt: 'soon' }),
    });
    expect(bad.status).toBe(400);
  } finally {
    await idp.close();
  }
});

test('failed token requests are in the token-request log and the request log under the client they named', async () => {
  const lines: AccessLogEntry[] = [];
  const idp = await startMockIdp({ port: 0, clients: [{ id: 'app', secret: 'pw' }], log: (_line, entry) => lines.push(entry) });
  try {
    expect((await token(idp.endpoints.token, 'app', 'wrong')).status).toBe(401);
    expect((await token(idp.endpoints.token, 'app', 'pw')).status).toBe(200);
    const bad = await fetch(idp.endpoints.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=app&client_secret=pw',
    });
    expect(bad.status).toBe(400);
    expect(idp.admin.tokenRequests({ clientId: 'app' }).map((e) => e.outcome)).toEqual([
      'invalid_client',
      'issued',
      'unsupported_grant_type',
    ]);
    await expect.poll(() => lines.length).toBe(3);
    expect(lines.map((l) => [l.path, l.client, l.outcome, l.status])).toEqual([
      ['/token', 'app', 'invalid_client', 401],
      ['/token', 'app', 'issued', 200],
      ['/token', 'app', 'unsupported_grant_type', 400],
    ]);
  } finally {
    await idp.close();
  }
});

test('Basic credentials that are not UTF-8 are read as Latin-1 (RFC 7617 §2.1 leaves the charset open; Python requests)', async () => {
  const secret = 'pässwörd-é';
  const idp = await startMockIdp({ port: 0, clients: [{ id: 'app', secret }] });
  try {
    const send = (bytes: Buffer) =>
      fetch(idp.endpoints.token, {
        method: 'POST',
        headers: { Authorization: `Basic ${bytes.toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
    expect((await send(Buffer.from(`app:${secret}`, 'latin1'))).status).toBe(200);
    expect((await send(Buffer.from(`app:${secret}`, 'utf8'))).status).toBe(200);
    expect((await send(Buffer.from(`app:passwörd-é`, 'latin1'))).status).toBe(401);
  } finally {
    await idp.close();
  }
});

test('the schemas accept exactly the durations mock-idp/expiry.ts parses (one grammar)', async () => {
  const { DURATION_PATTERN } = await import('../../mock-idp/expiry.ts');
  const config = (await import('../../schemas/mock-config.schema.json', { with: { type: 'json' } })).default;
  const secrets = (await import('../../schemas/admin/secrets.schema.json', { with: { type: 'json' } })).default;
  const patterns = JSON.stringify([config, secrets]).match(/"pattern":"\^\(\(\\\\d\+\[smhdwy\][^"]*"/g)!;
  expect(patterns).toHaveLength(2);
  for (const p of patterns) expect(JSON.parse(`{${p}}`).pattern).toBe(DURATION_PATTERN);
});
