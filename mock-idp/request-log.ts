// Token requests per client with their time and outcome, so client developers can assert that their client
// caches tokens (one request per token lifetime, not one per API call). Failed requests are recorded under the
// client they named ('' when none). In memory only, bounded.

export interface TokenRequestEntry {
  /** Milliseconds since the epoch on the mock clock. */
  timeMs: number;
  clientId: string;
  /** "issued", or the RFC 6749 §5.2 error code the request got. */
  outcome: string;
}

export interface LogFilter {
  clientId?: string;
  /** Only entries at or after this time (ms, mock clock). */
  sinceMs?: number;
}

export class RequestLog {
  private entries: TokenRequestEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly capacity = 10_000,
  ) {}

  record(clientId: string, outcome: string): void {
    // Trim in batches, not one splice per request (a 10 000-entry memmove on every token at full log);
    // list() still shows only the newest `capacity` entries.
    if (this.entries.length >= 2 * this.capacity) this.entries = this.entries.slice(-this.capacity);
    this.entries.push({ timeMs: this.now(), clientId, outcome });
  }

  list(filter: LogFilter = {}): TokenRequestEntry[] {
    return this.entries
      .slice(-this.capacity)
      .filter(
        (e) =>
          (filter.clientId === undefined || e.clientId === filter.clientId) && (filter.sinceMs === undefined || e.timeMs >= filter.sinceMs),
      );
  }

  clear(): void {
    this.entries = [];
  }
}
