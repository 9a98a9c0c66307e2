// The only place responses are written. Token, introspection and error responses carry
// Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1, §5.2).
import type { ServerResponse } from 'node:http';
import { OAuthError } from '../errors.ts';

export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

/** RFC 6749 §5.2 error body: error plus an ASCII error_description without '"' or '\' (App. A.7). */
export function sendError(res: ServerResponse, err: OAuthError): void {
  const description = err.message.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, ' ');
  // An RFC 6750 §3.1 challenge to a request without credentials carries no error code.
  const body = err.error ? { error: err.error, error_description: description } : { error_description: description };
  sendJson(res, err.status, body, { ...NO_STORE, ...err.headers });
}
