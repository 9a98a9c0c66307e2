// Switching faults: at run time through /_admin/faults (list with seen/fired, delete by id or name, bad bodies
// refused naming the schema path), in the config (an unknown name is exit 2 with file:line:key), and with
// `mock --fault`. Faults never apply to the admin API itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from '../admin/helpers.ts';
import { adminFaults, expect, FIXTURE_CONFIG, rawToken, startFaultyMock, test } from './helpers.ts';

test('POST /_admin/faults switches a fault on; GET lists it with seen/fired counts and the catalogue', async () => {
  const idp = await startFaultyMock();
  try {
    expect((await rawToken(idp)).status).toBe(200);
    const on = await adminFaults(idp, 'POST', '', { name: 'missing-pragma' });
    expect(on.status).toBe(201);
    expect(on.json).toMatchObject({ name: 'missing-pragma', endpoints: ['token', 'introspection', 'revocation'], seen: 0, fired: 0 });
    const r = await rawToken(idp);
    expect(r.status).toBe(200);
    expect(r.headers!.pragma).toBeUndefined();
    expect(r.headers!['cache-control']).toBe('no-store');
    const list = await adminFaults(idp, 'GET');
    expect(list.json.active).toEqual([expect.objectContaining({ id: on.json.id, name: 'missing-pragma', seen: 1, fired: 1 })]);
    expect(list.json.catalogue.map((f: { name: string }) => f.name)).toContain('hang');
  } finally {
    await idp.close();
  }
});

test('DELETE /_admin/faults/{id} and /{name} switch faults off; DELETE /_admin/faults clears them; unknown → 404', async () => {
  const idp = await startFaultyMock();
  try {
    const a = await adminFaults(idp, 'POST', '', { name: 'unavailable' });
    await adminFaults(idp, 'POST', '', { name: 'latency', delayMs: 1 });
    await adminFaults(idp, 'POST', '', { name: 'latency', delayMs: 1 });
    expect((await rawToken(idp)).status).toBe(503);
    expect((await adminFaults(idp, 'DELETE', `/${a.json.id}`)).status).toBe(204);
    expect((await rawToken(idp)).status).toBe(200);
    expect((await adminFaults(idp, 'DELETE', '/latency')).status).toBe(204);
    expect((await adminFaults(idp, 'GET')).json.active).toEqual([]);
    expect((await adminFaults(idp, 'DELETE', '/latency')).status).toBe(404);
    await adminFaults(idp, 'POST', '', { name: 'hang' });
    expect((await adminFaults(idp, 'DELETE')).status).toBe(204);
    expect((await rawToken(idp)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('a bad fault body is 400 naming the schema path; an unknown fault name is 400', async () => {
  const idp = await startFaultyMock();
  try {
    const unknown = await adminFaults(idp, 'POST', '', { name: 'no-such-fault' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(/name/);
    const badWhen = await adminFaults(idp, 'POST', '', { name: 'latency', when: { nth: 'third' } });
    expect(badWhen.status).toBe(400);
    expect(badWhen.text).toMatch(/when[./]nth/);
    const extra = await adminFaults(idp, 'POST', '', { name: 'latency', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.text).toMatch(/colour/);
    const endpoint = await adminFaults(idp, 'POST', '', { name: 'latency', endpoints: ['_admin'] });
    expect(endpoint.status).toBe(400);
    expect(endpoint.text).toMatch(/endpoints/);
    expect((await adminFaults(idp, 'GET')).json.active).toEqual([]);
  } finally {
    await idp.close();
  }
});

test('faults never apply to /_admin: with hang on every endpoint the admin API still answers and can clear it', async () => {
  const idp = await startFaultyMock([{ name: 'hang' }, { name: 'connection-reset' }]);
  try {
    expect((await rawToken(idp, 300)).error).toBe('timeout');
    expect((await adminFaults(idp, 'GET')).status).toBe(200);
    expect((await adminFaults(idp, 'DELETE')).status).toBe(204);
    expect((await rawToken(idp)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('a fault aimed at other endpoints leaves the token endpoint alone', async () => {
  const idp = await startFaultyMock([{ name: 'unavailable', endpoints: ['jwks'] }]);
  try {
    expect((await rawToken(idp)).status).toBe(200);
    expect((await fetch(idp.url(idp.context.settings.paths.jwks))).status).toBe(503);
  } finally {
    await idp.close();
  }
});

test('config faults: with an unknown name exits 2 naming file, line and key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-conformance-faults-'));
  const file = join(dir, 'mock.yaml');
  writeFileSync(file, 'clients:\n  - id: a\n    secret: b\nfaults:\n  - name: latency\n  - name: no-such-fault\n');
  const r = await runCli(['--config', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/mock\.yaml:6: faults\[1\]\.name: must be one of/);
});

test('config faults: are on from the first request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-conformance-faults-'));
  const file = join(dir, 'mock.yaml');
  writeFileSync(
    file,
    `clients:\n  - id: harness-client\n    secret: "s3cr3t:+/ é%&-harness"\n    scopes: [read]\nfaults:\n  - name: rate-limited\n    retryAfter: 3\n    when: { count: 1 }\n`,
  );
  const cli = await startCli(['--config', file]);
  try {
    const token = () =>
      fetch(`${cli.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=harness-client&client_secret=s3cr3t%3A%2B%2F%20%C3%A9%25%26-harness',
      });
    const first = await token();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await token()).status).toBe(200);
  } finally {
    cli.child.kill('SIGTERM');
  }
});

test('mock --fault NAME switches a fault on every request of its endpoints; an unknown name exits 2', async () => {
  const cli = await startCli(['--config', FIXTURE_CONFIG, '--fault', 'refresh-token-issued']);
  try {
    const res = await fetch(`${cli.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=harness-client-2&client_secret=second-secret',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).refresh_token).toBeTruthy();
  } finally {
    cli.child.kill('SIGTERM');
  }
  const bad = await runCli(['--config', FIXTURE_CONFIG, '--fault', 'no-such-fault']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/no-such-fault/);
});
