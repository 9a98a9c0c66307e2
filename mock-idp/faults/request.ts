// Request rewriting for faults that make the server read a request the way a broken server would: the body is
// read once and handed on as a replacement request, so the endpoint handler stays unaware of the fault.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { formUrlDecode } from '../../lib/form.ts';
import { readBody } from '../http/body.ts';

/** Faults read at most this much; larger bodies are left to the handler's own limit (413). */
const FAULT_BODY_LIMIT = 64 * 1024;

/** A GET served as a form POST: its query becomes the body (the *-get-accepted faults). */
export function getAsFormPost(req: IncomingMessage, url: URL): IncomingMessage | void {
  if (req.method !== 'GET') return;
  const text = url.search.slice(1);
  url.search = '';
  return replaceRequest(req, text, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** A stand-in for `req` carrying another body (and optionally another method and headers). */
export function replaceRequest(
  req: IncomingMessage,
  text: string,
  changes: { method?: string; headers?: Record<string, string> } = {},
): IncomingMessage {
  const stream = Readable.from(text ? [Buffer.from(text)] : []);
  const headers = { ...req.headers, ...changes.headers, 'content-length': String(Buffer.byteLength(text)) };
  return Object.assign(stream, {
    method: changes.method ?? req.method,
    url: req.url,
    headers,
    socket: req.socket,
    httpVersion: req.httpVersion,
  }) as unknown as IncomingMessage;
}

/** Raw form pairs (still percent-encoded) of a POST body, for faults that inspect or rewrite them. */
export type RawPairs = [name: string, value: string][];

export const toPairs = (text: string): RawPairs =>
  text
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return eq === -1 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
export const fromPairs = (pairs: RawPairs): string => pairs.map(([k, v]) => `${k}=${v}`).join('&');
export const decodeName = (raw: string): string => formUrlDecode(raw) ?? raw;

/**
 * A request hook over the POST body: `fn` sees the raw pairs and the text, may throw an OAuthError, and
 * returns the new body text (or undefined to keep it). Other methods pass untouched.
 */
export function onBody(fn: (pairs: RawPairs, text: string, req: IncomingMessage, url: URL) => string | undefined) {
  return async (req: IncomingMessage, url: URL): Promise<IncomingMessage | void> => {
    if (req.method !== 'POST') return;
    const text = (await readBody(req, FAULT_BODY_LIMIT)).toString('utf8');
    return replaceRequest(req, fn(toPairs(text), text, req, url) ?? text);
  };
}
