// Request pacing (issue #12): a loopback target (a local mock) is not rate-limited unless its target file asks
// for it; any other target keeps the shared default budget, so a real IdP is never hammered.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { DEFAULT_LIMITS, send, TransportError } from '../../harness/http.ts';
import { limitsOf } from '../../harness/target.ts';

const client = { id: 'c', secret: '${env:S}' };

test('loopback targets (127.0.0.0/8, ::1, localhost) get no rate limit by default', () => {
  for (const issuer of ['http://127.0.0.1:9400', 'http://localhost:8080/realm', 'http://[::1]:9400'])
    expect(limitsOf({ issuer, client }).ratePerSecond, issuer).toBe(0);
  expect(limitsOf({ issuer: 'https://idp.example', client, endpoints: { token: 'http://127.0.0.1:1/token' } }).ratePerSecond).toBe(0);
});

test('other targets keep the default rate limit, and a target file`s limits.ratePerSecond always wins', () => {
  expect(DEFAULT_LIMITS.ratePerSecond).toBeGreaterThan(0);
  expect(limitsOf({ issuer: 'https://idp.example', client }).ratePerSecond).toBe(DEFAULT_LIMITS.ratePerSecond);
  expect(limitsOf({ discovery: 'https://idp.example/.well-known/openid-configuration', client }).ratePerSecond).toBe(
    DEFAULT_LIMITS.ratePerSecond,
  );
  expect(limitsOf({ issuer: 'http://127.0.0.1:9400', client, limits: { ratePerSecond: 3 } }).ratePerSecond).toBe(3);
});

// The harness's HTTP client over real sockets: a kept-alive connection closed by the server just as a request is
// written on it (both sides' idle timeouts racing on a loaded machine) is no verdict on the target.
test('a request that meets a connection reset is sent once more on a new connection; a target that resets every request is unreachable', async () => {
  let requests = 0;
  let resetFirst = true;
  const server = createServer((req, res) => {
    requests++;
    if (resetFirst && requests === 1) {
      req.socket.destroy();
      return;
    }
    if (!resetFirst) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  try {
    const res = await send({ method: 'POST', url, body: 'grant_type=client_credentials' }, { ...DEFAULT_LIMITS, ratePerSecond: 0 });
    expect(res.json).toEqual({ ok: true });
    expect(requests).toBe(2);
    resetFirst = false;
    requests = 0;
    const err = await send({ method: 'POST', url, body: 'grant_type=client_credentials' }, { ...DEFAULT_LIMITS, ratePerSecond: 0 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('ERR_UNREACHABLE');
    expect(requests).toBe(2);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
