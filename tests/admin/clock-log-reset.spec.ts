// Admin API: the mock clock (read, set, advance), the token-request log (so client developers can assert
// that their client caches tokens), and reset to the startup config.
import { admin, createClient, DAY, expect, FIXTURE_CONFIG, startMock, test, tokenRequest } from './helpers.ts';

test('the clock is read, set and advanced; the iat of new tokens (RFC 7519 §4.1.6) follows it', async () => {
  const idp = await startMock();
  try {
    const start = await admin(idp, 'GET', '/clock');
    expect(start.json.offsetSeconds).toBe(0);
    expect(Math.abs(start.json.epochSeconds - Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(2);
    // Frozen, so the exact seconds below cannot race the wall clock.
    expect((await admin(idp, 'POST', '/clock/freeze')).json.frozen).toBe(true);
    const set = await admin(idp, 'PUT', '/clock', { now: '2030-01-01T00:00:00Z' });
    expect(set.json.epochSeconds).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
    const { id, secret } = await createClient(idp, { scopes: ['read'] });
    const token = await tokenRequest(idp, id, secret);
    const payload = JSON.parse(Buffer.from(token.json.access_token.split('.')[1], 'base64url').toString());
    expect(payload.iat).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
    const adv = await admin(idp, 'POST', '/clock/advance', { seconds: 90 });
    expect(adv.json.epochSeconds).toBe(Date.parse('2030-01-01T00:01:30Z') / 1000);
    expect((await admin(idp, 'PUT', '/clock', { now: Date.parse('2031-01-01T00:00:00Z') / 1000 })).json.now).toBe(
      '2031-01-01T00:00:00.000Z',
    );
    expect(idp.admin.readClock().now).toMatch(/^2031-01-01T00:00:0/);
    expect((await admin(idp, 'POST', '/clock/advance', {})).status).toBe(400);
    expect((await admin(idp, 'PUT', '/clock', { now: 'soon' })).status).toBe(400);
  } finally {
    await idp.close();
  }
});

test('a frozen clock stands still until set or advanced, and a token expires exactly at exp (RFC 7519 §4.1.4)', async () => {
  const idp = await startMock();
  try {
    const frozen = await admin(idp, 'POST', '/clock/freeze');
    expect(frozen.json.frozen).toBe(true);
    const { id, secret } = await createClient(idp, { scopes: ['read'] });
    const token = (await tokenRequest(idp, id, secret)).json.access_token as string;
    await new Promise((r) => setTimeout(r, 1100));
    expect((await admin(idp, 'GET', '/clock')).json.epochSeconds).toBe(frozen.json.epochSeconds);
    const introspect = async () =>
      (
        await fetch(idp.url('/introspect'), {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token }),
        })
      ).json();
    await admin(idp, 'POST', '/clock/advance', { seconds: 3599 });
    expect((await introspect()).active).toBe(true);
    await admin(idp, 'POST', '/clock/advance', { seconds: 1 });
    expect(await introspect()).toEqual({ active: false });
    const running = await admin(idp, 'POST', '/clock/unfreeze');
    expect(running.json.frozen).toBe(false);
    expect(running.json.epochSeconds).toBe(frozen.json.epochSeconds + 3600);
  } finally {
    await idp.close();
  }
});

test('the token-request log lists each token request per client with its time and outcome, filterable by client and time', async () => {
  const idp = await startMock();
  try {
    const a = await createClient(idp, { scopes: ['read'] });
    const b = await createClient(idp, { scopes: ['read'] });
    await tokenRequest(idp, a.id, a.secret);
    await tokenRequest(idp, a.id, a.secret, { scope: 'admin' });
    await admin(idp, 'POST', '/clock/advance', { seconds: 3600 });
    const since = (await admin(idp, 'GET', '/clock')).json.now as string;
    await tokenRequest(idp, a.id, a.secret);
    await tokenRequest(idp, b.id, b.secret);
    const all = await admin(idp, 'GET', `/token-requests?client_id=${a.id}`);
    expect(all.json.count).toBe(3);
    expect(all.json.entries.map((e: { outcome: string }) => e.outcome)).toEqual(['issued', 'invalid_scope', 'issued']);
    // Times are on the mock clock: the third request is an hour after the first.
    const [first, , third] = all.json.entries as { time: string }[];
    expect(Date.parse(third!.time) - Date.parse(first!.time)).toBeGreaterThanOrEqual(3600_000);
    const recent = await admin(idp, 'GET', `/token-requests?client_id=${a.id}&since=${encodeURIComponent(since)}`);
    expect(recent.json.count).toBe(1);
    expect((await admin(idp, 'GET', '/token-requests')).json.count).toBe(4);
    expect(idp.admin.tokenRequests({ clientId: b.id })).toHaveLength(1);
    expect((await admin(idp, 'GET', '/token-requests?since=yesterday')).status).toBe(400);
    expect((await admin(idp, 'DELETE', '/token-requests')).status).toBe(204);
    expect((await admin(idp, 'GET', '/token-requests')).json.count).toBe(0);
  } finally {
    await idp.close();
  }
});

test('reset returns clients, keys and clock to the startup config and empties the log', async () => {
  const idp = await startMock({ config: FIXTURE_CONFIG });
  try {
    const made = await createClient(idp);
    await admin(idp, 'DELETE', '/clients/harness-client-2');
    await admin(idp, 'POST', '/clock/advance', { days: 10 });
    await tokenRequest(idp, made.id, made.secret);
    expect((await admin(idp, 'POST', '/reset')).status).toBe(204);
    const ids = (await admin(idp, 'GET', '/clients')).json.clients.map((c: { id: string }) => c.id);
    expect(ids).toContain('harness-client-2');
    expect(ids).not.toContain(made.id);
    expect(Math.abs((await admin(idp, 'GET', '/clock')).json.offsetSeconds)).toBeLessThan(1);
    expect((await admin(idp, 'GET', '/token-requests')).json.count).toBe(0);
    expect((await tokenRequest(idp, 'harness-client-2', 'second-secret')).status).toBe(200);
    expect(idp.clock.offsetSeconds()).toBeLessThan(DAY);
  } finally {
    await idp.close();
  }
});
