// One line per HTTP request for the console (`mock` prints it unless --quiet; startMockIdp({ log })): method,
// path, client, outcome, status and duration. Never the query string (ServiceNow revokes with ?token=), a
// header, a body, a secret or a token: the handlers note only the client id and the outcome.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface AccessLogEntry {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The client the request named (authenticated or not), when the endpoint takes one. */
  client?: string;
  /** "issued" (a token), "ok", the OAuth error code, or "aborted" when the connection closed first. */
  outcome: string;
  status: number;
  ms: number;
}

export type AccessLogger = (entry: AccessLogEntry) => void;

interface Note {
  client?: string;
  outcome?: string;
}
/**
 * The note rides on the request object under a symbol of this module: a WeakMap entry per request (set two or
 * three times each) cost ~2.5% of the token endpoint's CPU under load, in lookups and in ephemeron GC work.
 */
const NOTE = Symbol('idp-conformance.access-note');
type Noted = IncomingMessage & { [NOTE]?: Note };

/** What a handler knows about its request that the log line should show. */
export function noteRequest(req: IncomingMessage | undefined, note: Note): void {
  if (!req) return;
  const held = (req as Noted)[NOTE];
  if (held) {
    if ('client' in note) held.client = note.client;
    if ('outcome' in note) held.outcome = note.outcome;
  } else (req as Noted)[NOTE] = { ...note };
}

/** The client a handler noted for this request. */
export function noted(req: IncomingMessage): string | undefined {
  return (req as Noted)[NOTE]?.client;
}

/** Calls the logger once the response is sent (or the connection closed). */
export function watchRequest(logger: AccessLogger, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once('close', () => {
    const note = (req as Noted)[NOTE] ?? {};
    const finished = res.writableFinished;
    logger({
      method: req.method ?? '?',
      path: (req.url ?? '/').split('?')[0]!,
      client: note.client,
      outcome: !finished ? 'aborted' : (note.outcome ?? (res.statusCode < 400 ? 'ok' : String(res.statusCode))),
      status: finished ? res.statusCode : 0,
      ms: performance.now() - started,
    });
  });
}

/** Printable ASCII as is; anything else (a newline in a client id …) JSON-escaped, so one request is one line. */
const safe = (s: string): string => (/^[\x21-\x7E]*$/.test(s) ? s : JSON.stringify(s));

export function formatAccessLine(e: AccessLogEntry): string {
  return `${e.method} ${safe(e.path)} client=${e.client === undefined ? '-' : safe(e.client)} ${e.outcome} ${e.status || '-'} ${e.ms.toFixed(1)}ms`;
}
