// The only place responses are written. Token, introspection and error responses carry
// Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1, §5.2).
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { noteRequest } from '../access-log.ts';
import { BearerError, InvalidClient, type OAuthError } from '../errors.ts';
import type { FaultHooks, ResponseDraft } from '../faults/catalogue.ts';
import { firedFaults } from '../faults/engine.ts';
import type { Profile } from '../profile.ts';

export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const faults = firedFaults();
  if (faults.length) return sendFaulty(res, faults, { status, headers: { 'Content-Type': 'application/json', ...headers }, body });
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const faults = firedFaults();
  if (faults.length) return sendFaulty(res, faults, { status, headers: { ...headers }, body: undefined });
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

/** The slow path, only while a fault fired for this request: let each fault reshape the response. */
function sendFaulty(res: ServerResponse, faults: FaultHooks[], draft: ResponseDraft): void {
  for (const hooks of faults) hooks.response?.(draft);
  const text = draft.body === undefined ? '' : typeof draft.body === 'string' ? draft.body : JSON.stringify(draft.body);
  res.writeHead(draft.status, { ...draft.headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** RFC 6749 §5.2 error body: error plus an ASCII error_description without '"' or '\' (App. A.7). */
export function sendError(res: ServerResponse, err: OAuthError, profile?: Pick<Profile, 'errors' | 'resource'>): void {
  noteRequest(res.req, { outcome: err.error || 'unauthenticated' });
  const { status, body, headers } = shapeError(err, profile);
  sendJson(res, status, body, { ...NO_STORE, ...headers });
}

/** Replace "{name}" in every string of a body template (vendor error bodies in profiles). */
function fill(template: unknown, vars: Record<string, string>): unknown {
  if (typeof template === 'string') return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  if (Array.isArray(template)) return template.map((t) => fill(t, vars));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, vars)]));
  return template;
}

/**
 * The response for an error: the RFC shape, or the profile's shape for that error code (token side,
 * profile.errors) or for resource errors (profile.resource.errorBody). Vendor bodies are data, not code.
 */
export function shapeError(
  err: OAuthError,
  profile?: Pick<Profile, 'errors' | 'resource'>,
): { status: number; body: unknown; headers: Record<string, string> } {
  const description = err.message.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, ' ');
  // An RFC 6750 §3.1 challenge to a request without credentials carries no error code.
  const rfcBody = err.error ? { error: err.error, error_description: description } : { error_description: description };
  const vars = () => ({ error: err.error, description, ecid: randomUUID() });
  if (err instanceof BearerError) {
    const template = profile?.resource.errorBody;
    return { status: err.status, body: template ? fill(template, vars()) : rfcBody, headers: err.headers };
  }
  const shape = profile?.errors[err.error];
  // A shape scoped to some invalid_client failures (e.g. ServiceNow's for bad credentials only) leaves the rest RFC.
  const scoped = shape?.causes && !(err instanceof InvalidClient && shape.causes.includes(err.failure));
  if (!shape || scoped) return { status: err.status, body: rfcBody, headers: err.headers };
  const headers = { ...err.headers };
  if (shape.challenge === false) delete headers['WWW-Authenticate'];
  return { status: shape.status ?? err.status, body: shape.body ? fill(shape.body, vars()) : rfcBody, headers };
}
