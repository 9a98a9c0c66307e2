// One mock clock: every expiry decision (token exp, introspection, assertion exp, secret expiry) reads it,
// so tests reach expiry by moving it instead of waiting.

export class MockClock {
  private offsetMs: number;
  constructor(offsetSeconds = 0) {
    this.offsetMs = offsetSeconds * 1000;
  }
  /** Milliseconds since the epoch, as the mock sees them. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  /** NumericDate (RFC 7519 §2): whole seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  date(): Date {
    return new Date(this.nowMs());
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  set(to: Date | number): void {
    const target = typeof to === 'number' ? to * 1000 : to.getTime();
    this.offsetMs = target - Date.now();
  }
  /** Seconds between the mock clock and the real time (restored from durable state, reset). */
  setOffset(seconds: number): void {
    this.offsetMs = seconds * 1000;
  }
  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
