// The mock clock: read, set, advance. Every time-based decision (token exp, secret expiry, key retention,
// assertion exp) reads it, so tests reach expiry by moving it instead of waiting.
import { iso, type AdminDeps, type AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export interface ClockView {
  now: string;
  /** NumericDate (RFC 7519 §2). */
  epochSeconds: number;
  /** Seconds between the mock clock and the real time. */
  offsetSeconds: number;
  /** A frozen clock moves only by set / advance, not with real time. */
  frozen: boolean;
}

export function readClock(a: AdminDeps): ClockView {
  const { clock } = a.ctx;
  return { now: iso(clock.nowMs() / 1000), epochSeconds: clock.now(), offsetSeconds: clock.offsetSeconds(), frozen: clock.frozen };
}

/** Stop (or restart) the mock clock: while frozen, only set and advance move it. */
export async function freezeClock(a: AdminDeps, frozen: boolean): Promise<ClockView> {
  if (frozen) a.ctx.clock.freeze();
  else a.ctx.clock.unfreeze();
  await a.ctx.persist();
  return readClock(a);
}

/** Set the clock to a time: RFC 3339 text or NumericDate seconds. */
export async function setClock(a: AdminDeps, now: string | number): Promise<ClockView> {
  validateBody('clock', 'set', { now });
  a.ctx.clock.set(typeof now === 'number' ? now : new Date(now));
  await a.ctx.persist();
  return readClock(a);
}

export async function advanceClock(a: AdminDeps, by: { seconds?: number; days?: number }): Promise<ClockView> {
  validateBody('clock', 'advance', by);
  a.ctx.clock.advance((by.seconds ?? 0) + (by.days ?? 0) * 86_400);
  await a.ctx.persist();
  return readClock(a);
}

export const clockRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clock', run: async (a) => ({ status: 200, body: readClock(a) }) },
  {
    method: 'PUT',
    path: '/clock',
    run: async (a, r) => ({ status: 200, body: await setClock(a, validateBody<{ now: string | number }>('clock', 'set', r.body).now) }),
  },
  { method: 'POST', path: '/clock/freeze', run: async (a) => ({ status: 200, body: await freezeClock(a, true) }) },
  { method: 'POST', path: '/clock/unfreeze', run: async (a) => ({ status: 200, body: await freezeClock(a, false) }) },
  {
    method: 'POST',
    path: '/clock/advance',
    run: async (a, r) => ({ status: 200, body: await advanceClock(a, r.body as { seconds?: number; days?: number }) }),
  },
];
