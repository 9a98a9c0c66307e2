// Durable state (--state) and process-level rules, against the real CLI (`idp-conformance mock`, the dist/
// bundle): every acknowledged admin write survives SIGKILL in the middle of a stream of writes; no plaintext
// secret or admin token reaches the file or the output; a corrupt state file or an open admin API on a
// non-loopback address is refused with exit 2.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { cliAdmin, expect, FIXTURE_CONFIG, runCli, startCli, test, type CliMock } from './helpers.ts';

const TOKEN = 'durability-admin-token-5f1c2a9e';
const HARNESS = { id: 'harness-client', secret: 's3cr3t:+/ é%&-harness' };
const enc = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;

async function post(m: CliMock, path: string, auth: string, params: Record<string, string>): Promise<{ status: number; json: any }> {
  const res = await fetch(m.issuer + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

test.describe.configure({ timeout: 120_000 });

test('SIGKILL during a stream of admin writes: every acknowledged change is there after restart (RFC 7009 §2.2 revocation included)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-state-'));
  const state = join(dir, 'state.json');
  const env = { IDP_CONFORMANCE_ADMIN_TOKEN: TOKEN };
  const first = await startCli(['--config', FIXTURE_CONFIG, '--state', state], env);

  // Before the stream: a JWT (its signing key must survive) and a revoked JWT (the revocation must survive).
  const kept = (await post(first, '/token', basic(HARNESS.id, HARNESS.secret), { grant_type: 'client_credentials' })).json
    .access_token as string;
  const revoked = (await post(first, '/token', basic(HARNESS.id, HARNESS.secret), { grant_type: 'client_credentials' })).json
    .access_token as string;
  expect((await post(first, '/revoke', basic(HARNESS.id, HARNESS.secret), { token: revoked })).status).toBe(200);

  // The stream: 6 writers, each creating clients, adding roles and deleting some of its own clients.
  const created = new Map<string, string>();
  const roles = new Map<string, string>();
  const deleted = new Set<string>();
  /** Deletes sent but not acknowledged: the client may be there or not. */
  const deleting = new Set<string>();
  let acked = 0;
  let inFlight = 0;
  let killed = false;
  const send = async (method: string, path: string, body?: unknown) => {
    inFlight++;
    try {
      return await cliAdmin(first, method, path, body, TOKEN);
    } finally {
      inFlight--;
    }
  };
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !killed; i++) {
      const id = `w${w}-c${i}`;
      try {
        const r = await send('POST', '/clients', { id, scopes: ['read'] });
        if (r.status !== 201) throw new Error(`unexpected ${r.status} ${r.text}`);
        created.set(id, r.json.secret.value);
        acked++;
        if (i % 3 === 1) {
          const role = await send('POST', `/clients/${id}/roles`, { name: `role-${i}` });
          if (role.status === 200) roles.set(id, `role-${i}`);
          acked++;
        }
        if (i % 5 === 4) {
          const victim = `w${w}-c${i - 2}`;
          deleting.add(victim);
          const del = await send('DELETE', `/clients/${victim}`);
          if (del.status === 204) {
            deleted.add(victim);
            deleting.delete(victim);
          }
          acked++;
        }
      } catch (err) {
        if (killed) return; // the connection died with the process: not acknowledged
        throw err;
      }
    }
  };
  const exited = new Promise((r) => first.child.once('exit', r));
  const writers = Array.from({ length: 6 }, (_, w) => writer(w));
  // A writer that fails before the kill fails the test at once instead of stalling the loop below.
  const failed = Promise.all(writers).then(() => undefined);
  while (acked < 80) await Promise.race([failed, new Promise((r) => setTimeout(r, 5))]);
  killed = true;
  first.child.kill('SIGKILL');
  // Killed mid-stream: writes were in flight, and they are not acknowledged.
  expect(inFlight).toBeGreaterThan(0);
  await failed;
  await exited;
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(created.size).toBeGreaterThan(40);

  const second = await startCli(['--config', FIXTURE_CONFIG, '--state', state], env);
  try {
    const listed = await cliAdmin(second, 'GET', '/clients', undefined, TOKEN);
    const present = new Set<string>(listed.json.clients.map((c: { id: string }) => c.id));
    for (const [id, secret] of created) {
      if (deleted.has(id)) {
        expect(present.has(id), `deleted ${id}`).toBe(false);
        continue;
      }
      if (deleting.has(id)) continue;
      expect(present.has(id), `created ${id}`).toBe(true);
      // The secret hash survived: the one-time value still authenticates.
      expect((await post(second, '/token', basic(id, secret), { grant_type: 'client_credentials' })).status, id).toBe(200);
    }
    for (const [id, role] of roles) {
      // A delete sent but not acknowledged may have landed: its client's roles are then gone too.
      if (!deleted.has(id) && !deleting.has(id))
        expect(listed.json.clients.find((c: { id: string }) => c.id === id).roles, id).toContain(role);
    }
    // The signing key survived: a token from before the kill verifies against the new process's JWKS.
    const jwks = await (await fetch(`${second.issuer}/jwks`)).json();
    await jwtVerify(kept, createLocalJWKSet(jwks), { typ: 'at+jwt' });
    const introspect = (token: string) => post(second, '/introspect', basic(HARNESS.id, HARNESS.secret), { token });
    expect((await introspect(revoked)).json).toEqual({ active: false });

    // No plaintext secret and no admin token in the file; only the owner may read it (it holds mock keys).
    const text = readFileSync(state, 'utf8');
    for (const secret of [...created.values(), HARNESS.secret]) expect(text.includes(secret)).toBe(false);
    expect(text).not.toContain(TOKEN);
    if (process.platform !== 'win32') expect(statSync(state).mode & 0o077).toBe(0);
    // The admin token never reaches the output of either process.
    for (const out of [first.stdout(), first.stderr(), second.stdout(), second.stderr()]) expect(out).not.toContain(TOKEN);
  } finally {
    second.child.kill('SIGTERM');
  }
});

test('a corrupt state file stops the start with exit 2 and a message naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-state-'));
  const cases: [string, RegExp][] = [
    ['{"format": "idp-conformance-mock-state", "version": 1, "clients": [', /not valid JSON/],
    [JSON.stringify({ format: 'something-else', version: 1 }), /format|required/],
    [
      JSON.stringify({
        format: 'idp-conformance-mock-state',
        version: 1,
        clock: { offsetSeconds: 0 },
        clients: [{ id: 'x', secrets: [{ id: 's', hash: 'plaintext!', createdAt: 0 }] }],
        keys: [],
        revoked: [],
      }),
      /clients\/0/,
    ],
  ];
  for (const [i, [content, why]] of cases.entries()) {
    const file = join(dir, `state-${i}.json`);
    writeFileSync(file, content);
    const r = await runCli(['--state', file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(why);
  }
});

test('an open admin API is refused on a non-loopback address (exit 2); an admin token from --admin-token-env allows it', async () => {
  const refused = await runCli(['--host', '0.0.0.0'], { IDP_CONFORMANCE_ADMIN_TOKEN: '' });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0.*admin token/);
  const unset = await runCli(['--admin-token-env', 'IDP_TEST_UNSET_TOKEN_VAR']);
  expect(unset.code).toBe(2);
  expect(unset.stderr).toContain('IDP_TEST_UNSET_TOKEN_VAR');
  const m = await startCli(['--host', '0.0.0.0', '--admin-token-env', 'MY_ADMIN_TOKEN'], {
    MY_ADMIN_TOKEN: TOKEN,
    IDP_CONFORMANCE_ADMIN_TOKEN: '',
  });
  try {
    expect(m.stdout()).toContain('Bearer <admin token>');
    expect(m.stdout()).not.toContain(TOKEN);
    expect((await cliAdmin(m, 'GET', '/clients')).status).toBe(401);
    expect((await cliAdmin(m, 'GET', '/clients', undefined, TOKEN)).status).toBe(200);
  } finally {
    m.child.kill('SIGTERM');
  }
});
