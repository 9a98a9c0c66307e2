// One mock clock: every expiry decision (token exp, introspection, assertion exp, secret expiry) reads it,
// so tests reach expiry by moving it instead of waiting. It runs with real time unless frozen: a frozen
// clock moves only when told to, so a test can stand exactly one second before exp without racing the
// wall clock across a second boundary.

export class MockClock {
  private offsetMs: number;
  /** The mock time while frozen (ms since the epoch); undefined while running. */
  private frozenMs: number | undefined;
  constructor(offsetSeconds = 0) {
    this.offsetMs = offsetSeconds * 1000;
  }
  /** Milliseconds since the epoch, as the mock sees them. */
  nowMs(): number {
    return this.frozenMs ?? Date.now() + this.offsetMs;
  }
  /** NumericDate (RFC 7519 §2): whole seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  date(): Date {
    return new Date(this.nowMs());
  }
  advance(seconds: number): void {
    if (this.frozenMs !== undefined) this.frozenMs += seconds * 1000;
    else this.offsetMs += seconds * 1000;
  }
  set(to: Date | number): void {
    const target = typeof to === 'number' ? to * 1000 : to.getTime();
    if (this.frozenMs !== undefined) this.frozenMs = target;
    else this.offsetMs = target - Date.now();
  }
  /** Stop the clock at the current mock time (on a whole second); advance() and set() still move it. */
  freeze(): void {
    this.frozenMs = this.now() * 1000;
  }
  /** Run with real time again, from the mock time it stood at. */
  unfreeze(): void {
    if (this.frozenMs === undefined) return;
    this.offsetMs = this.frozenMs - Date.now();
    this.frozenMs = undefined;
  }
  get frozen(): boolean {
    return this.frozenMs !== undefined;
  }
  /** Seconds between the mock clock and the real time (restored from durable state, reset). */
  setOffset(seconds: number): void {
    this.frozenMs = undefined;
    this.offsetMs = seconds * 1000;
  }
  offsetSeconds(): number {
    return (this.nowMs() - Date.now()) / 1000;
  }
}
