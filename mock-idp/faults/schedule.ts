// When a fault fires: every matching request (default), only the Nth, the first N, for a while after it
// was switched on (mock clock, so tests advance it instead of waiting), or a seeded share of requests.

export interface Schedule {
  /** Fire on this matching request only (1-based): "fail the 3rd request". */
  nth?: number;
  /** Fire on the first N matching requests, then stop. */
  count?: number;
  /** Fire only during this many seconds after the fault was switched on. */
  forSeconds?: number;
  /** Fire on this share of matching requests (0..1), drawn from a seeded generator: repeatable runs. */
  probability?: number;
  seed?: number;
}

/** mulberry32: a tiny seeded PRNG, enough to make "fail 10% of requests" repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Scheduler {
  private seen = 0;
  private fired = 0;
  private readonly random: () => number;
  constructor(
    private readonly schedule: Schedule,
    private readonly startedAt: number,
  ) {
    this.random = prng(schedule.seed ?? 1);
  }

  /** Called once per matching request; true when the fault fires on it. */
  next(nowSeconds: number): boolean {
    this.seen += 1;
    const s = this.schedule;
    if (s.forSeconds !== undefined && nowSeconds - this.startedAt >= s.forSeconds) return false;
    if (s.nth !== undefined && this.seen !== s.nth) return false;
    if (s.count !== undefined && this.fired >= s.count) return false;
    if (s.probability !== undefined && this.random() >= s.probability) return false;
    this.fired += 1;
    return true;
  }

  stats(): { seen: number; fired: number } {
    return { seen: this.seen, fired: this.fired };
  }
}
