// The only way the harness talks to a target. Safe against a real IdP: every request has a timeout and a
// response size cap, redirects carrying credentials are never followed to another origin, and requests are
// paced to a bounded rate (issue #4 "Runner"). A redirect loop is an error naming the URL, and an origin that
// times out on consecutive requests is given up on, so a target that stops answering ends the run (issue #15).
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface HttpLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Requests per second for this process; 0 = unlimited. */
  ratePerSecond: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: HttpLimits = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, ratePerSecond: 10, maxRedirects: 3 };

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", " (RFC 9110 §5.3). */
  headers: Record<string, string>;
  text: string;
  /** Parsed body when it is JSON, whatever the media type says; undefined otherwise. */
  json: unknown;
  url: string;
  /** From sending the request to the last byte of the response (pacing excluded), to 0.1 ms. */
  durationMs: number;
}

export type TransportCode =
  'ERR_UNREACHABLE' | 'ERR_TLS' | 'ERR_TIMEOUT' | 'ERR_TOO_LARGE' | 'ERR_REDIRECT' | 'ERR_STOPPED_ANSWERING' | 'ERR_TRANSPORT';

/** The target could not be talked to: the case is reported as `error`, the run as "could not test" (exit 3). */
export class TransportError extends Error {
  constructor(
    readonly code: TransportCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

let nextSlot = 0;
async function pace(ratePerSecond: number): Promise<void> {
  if (ratePerSecond <= 0) return;
  const now = Date.now();
  const slot = Math.max(now, nextSlot);
  nextSlot = slot + 1000 / ratePerSecond;
  if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
}

function carriesCredentials(req: HttpRequest): boolean {
  const h = Object.keys(req.headers ?? {}).map((k) => k.toLowerCase());
  return h.includes('authorization') || /(^|&)(client_secret|client_assertion|token)=/.test(req.body ?? '');
}

export async function send(req: HttpRequest, limits: HttpLimits = DEFAULT_LIMITS): Promise<HttpResponse> {
  let current = req;
  const visited = new Set<string>();
  for (let hop = 0; ; hop++) {
    const res = await sendOnce(current, limits);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !location) return res;
    let next: URL;
    try {
      next = new URL(location, current.url);
    } catch {
      return res; // not a URL: the 3xx is the answer, and the checks judge it
    }
    visited.add(current.url);
    // A loop or a chain past the limit never ends in an answer: the target cannot be tested (RFC 9110 §15.4).
    if (visited.has(next.href)) throw new TransportError('ERR_REDIRECT', `redirect loop at ${current.url} (Location: ${next.href})`);
    // Never hand credentials to another origin; a credential-bearing request is not followed at all.
    if (carriesCredentials(current) || next.origin !== new URL(current.url).origin) return res;
    if (hop >= limits.maxRedirects)
      throw new TransportError('ERR_REDIRECT', `too many redirects at ${current.url} (more than ${limits.maxRedirects} from ${req.url})`);
    current = { method: 'GET', url: next.href, headers: current.headers ?? {} };
  }
}

/** Consecutive timeouts after which an origin is given up on (issue #15: 36 requests waited 10 s each). */
export const MAX_CONSECUTIVE_TIMEOUTS = 3;
const consecutiveTimeouts = new Map<string, number>();

/**
 * An origin that stopped answering. Counted in this process and, when `IDP_CONFORMANCE_STOP_FILE` is set (by
 * `idp-conformance run`), across every worker (Playwright restarts a worker after each failed case, so a count in
 * one process never gets far); the verdict goes into that file, where `run` sees it and ends the run.
 */
function stoppedAnswering(where: string): TransportError | undefined {
  const file = process.env.IDP_CONFORMANCE_STOP_FILE;
  if ((consecutiveTimeouts.get(where) ?? 0) >= MAX_CONSECUTIVE_TIMEOUTS)
    return new TransportError('ERR_STOPPED_ANSWERING', stoppedMessage(where));
  if (file && existsSync(file)) {
    const message = readFileSync(file, 'utf8');
    if (message.startsWith(`${where}:`)) return new TransportError('ERR_STOPPED_ANSWERING', message);
  }
  return undefined;
}

function stoppedMessage(where: string): string {
  return `${where}: the target stopped answering (${MAX_CONSECUTIVE_TIMEOUTS} consecutive requests timed out)`;
}

function noteOutcome(where: string, err: unknown): void {
  const file = process.env.IDP_CONFORMANCE_STOP_FILE;
  const shared = file && `${file}.timeouts`;
  if (!(err instanceof TransportError && err.code === 'ERR_TIMEOUT')) {
    consecutiveTimeouts.delete(where);
    if (shared) rmSync(shared, { force: true });
    return;
  }
  let n = (consecutiveTimeouts.get(where) ?? 0) + 1;
  consecutiveTimeouts.set(where, n);
  if (shared) {
    appendFileSync(shared, `${where}\n`, { mode: 0o600 });
    n = Math.max(
      n,
      readFileSync(shared, 'utf8')
        .split('\n')
        .filter((l) => l === where).length,
    );
  }
  if (n >= MAX_CONSECUTIVE_TIMEOUTS) {
    consecutiveTimeouts.set(where, n);
    if (file) writeFileSync(file, stoppedMessage(where), { mode: 0o600 });
  }
}

async function sendOnce(req: HttpRequest, limits: HttpLimits): Promise<HttpResponse> {
  const where = origin(req.url);
  const stopped = stoppedAnswering(where);
  if (stopped) throw stopped;
  try {
    const res = await exchange(req, limits);
    noteOutcome(where, undefined);
    return res;
  } catch (err) {
    noteOutcome(where, err);
    throw err;
  }
}

async function exchange(req: HttpRequest, limits: HttpLimits): Promise<HttpResponse> {
  await pace(limits.ratePerSecond);
  const started = performance.now();
  let response: Response;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const init: RequestInit = { method: req.method, headers: req.headers ?? {}, redirect: 'manual', signal };
  if (req.body !== undefined) init.body = req.body;
  try {
    response = await fetch(req.url, init);
  } catch (err) {
    // A kept-alive connection the server closed just as this request was written on it (its idle timeout and
    // the client's race, more so on a loaded machine) fails before any answer: sent once more on a new
    // connection, as browsers do. A target that resets every connection still fails the second time.
    if (!isStaleConnection(err) || signal.aborted) throw classify(err, req.url);
    try {
      response = await fetch(req.url, init);
    } catch (again) {
      throw classify(again, req.url);
    }
  }
  const text = await readCapped(response, limits, signal, req.url);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers, text, json, url: req.url, durationMs: Math.round((performance.now() - started) * 10) / 10 };
}

async function readCapped(response: Response, limits: HttpLimits, signal: AbortSignal, url: string): Promise<string> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxResponseBytes) {
    await response.body.cancel();
    throw new TransportError(
      'ERR_TOO_LARGE',
      `${origin(url)}: response of ${declared} bytes exceeds the ${limits.maxResponseBytes}-byte cap`,
    );
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limits.maxResponseBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new TransportError('ERR_TOO_LARGE', `${origin(url)}: response exceeds the ${limits.maxResponseBytes}-byte cap`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof TransportError) throw err;
    throw classify(signal.aborted ? signal.reason : err, url);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function isStaleConnection(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

function classify(err: unknown, url: string): TransportError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  const where = origin(url);
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new TransportError('ERR_TIMEOUT', `${where}: request timed out`);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate|tls|ssl/i.test(e.cause?.message ?? ''))
    return new TransportError('ERR_TLS', `${where}: TLS failure (${code || e.cause?.message})`);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET/.test(code))
    return new TransportError('ERR_UNREACHABLE', `${where}: unreachable (${code})`);
  return new TransportError('ERR_TRANSPORT', `${where}: ${e.cause?.message ?? e.message ?? String(err)}`);
}
