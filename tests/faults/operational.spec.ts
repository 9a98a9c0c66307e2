// Operational faults over real HTTP (docs/faults.md): what a client sees for latency, 429, 503, a reset, a
// truncated body and a hang; and the schedules (nth, count, forSeconds on the mock clock, seeded probability).
import { adminFaults, expect, rawToken, startFaultyMock, test } from './helpers.ts';

test('latency delays the response by at least delayMs and then answers normally', async () => {
  const idp = await startFaultyMock([{ name: 'latency', delayMs: 150 }]);
  try {
    const r = await rawToken(idp);
    expect(r.status).toBe(200);
    expect(r.ms).toBeGreaterThanOrEqual(150);
    expect(JSON.parse(r.body).access_token).toBeTruthy();
  } finally {
    await idp.close();
  }
});

test('rate-limited answers 429 with Retry-After and a JSON error body (RFC 6585 §4)', async () => {
  const idp = await startFaultyMock([{ name: 'rate-limited', retryAfter: 7 }]);
  try {
    const r = await rawToken(idp);
    expect(r.status).toBe(429);
    expect(r.headers!['retry-after']).toBe('7');
    expect(JSON.parse(r.body).error).toBe('slow_down');
  } finally {
    await idp.close();
  }
});

test('unavailable answers 503 temporarily_unavailable with Retry-After (RFC 6749 §4.1.2.1, RFC 7009 §2.2.1)', async () => {
  const idp = await startFaultyMock([{ name: 'unavailable' }]);
  try {
    const r = await rawToken(idp);
    expect(r.status).toBe(503);
    expect(r.headers!['retry-after']).toBe('1');
    expect(JSON.parse(r.body)).toMatchObject({ error: 'temporarily_unavailable' });
    expect(r.headers!['cache-control']).toBe('no-store');
  } finally {
    await idp.close();
  }
});

test('connection-reset: the client sees ECONNRESET before any response', async () => {
  const idp = await startFaultyMock([{ name: 'connection-reset' }]);
  try {
    const r = await rawToken(idp);
    expect(r.status).toBeUndefined();
    expect(r.error).toBe('ECONNRESET');
  } finally {
    await idp.close();
  }
});

test('truncated-body: the client gets the status, then a premature close instead of the promised bytes', async () => {
  const idp = await startFaultyMock([{ name: 'truncated-body' }]);
  try {
    const r = await rawToken(idp);
    expect(r.status).toBe(200);
    expect(['aborted', 'ECONNRESET']).toContain(r.error);
    expect(r.body.length).toBeLessThan(512);
  } finally {
    await idp.close();
  }
});

test("hang: the request is never answered, so the client's own timeout fires", async () => {
  const idp = await startFaultyMock([{ name: 'hang' }]);
  try {
    const r = await rawToken(idp, 300);
    expect(r.error).toBe('timeout');
    expect(r.status).toBeUndefined();
    expect(r.ms).toBeGreaterThanOrEqual(300);
  } finally {
    await idp.close();
  }
});

test('schedule nth: only the 3rd matching request fails', async () => {
  const idp = await startFaultyMock([{ name: 'unavailable', when: { nth: 3 } }]);
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await rawToken(idp)).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200]);
  } finally {
    await idp.close();
  }
});

test('schedule count: the first 2 matching requests fail, then the IdP recovers', async () => {
  const idp = await startFaultyMock([{ name: 'rate-limited', when: { count: 2 } }]);
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await rawToken(idp)).status);
    expect(statuses).toEqual([429, 429, 200, 200]);
    const list = await adminFaults(idp, 'GET');
    expect(list.json.active[0]).toMatchObject({ name: 'rate-limited', seen: 4, fired: 2 });
  } finally {
    await idp.close();
  }
});

test('schedule forSeconds: the fault stops once the mock clock has advanced past the window', async () => {
  const idp = await startFaultyMock([{ name: 'unavailable', when: { forSeconds: 30 } }]);
  try {
    expect((await rawToken(idp)).status).toBe(503);
    const adv = await fetch(`${idp.adminUrl}/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 20 }),
    });
    expect(adv.status).toBe(200);
    expect((await rawToken(idp)).status).toBe(503);
    // The mock clock also follows real time, so leave a margin on both sides of the 30 s window.
    await fetch(`${idp.adminUrl}/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 10 }),
    });
    expect((await rawToken(idp)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('schedule probability with a seed: the same requests fail on every run, about the share asked for', async () => {
  const pattern = async () => {
    const idp = await startFaultyMock([{ name: 'unavailable', when: { probability: 0.3, seed: 42 } }]);
    try {
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await rawToken(idp)).status!);
      return out;
    } finally {
      await idp.close();
    }
  };
  const first = await pattern();
  expect(await pattern()).toEqual(first);
  const failed = first.filter((s) => s === 503).length;
  expect(failed).toBeGreaterThan(4);
  expect(failed).toBeLessThan(24);
});
