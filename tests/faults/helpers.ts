// Helpers for the fault behaviour tests: a fixture mock with faults, a raw node:http request that reports
// transport failures (reset, premature close, client timeout) instead of hiding them, and admin calls.
import { request } from 'node:http';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import type { FaultSpec } from '../../mock-idp/faults/engine.ts';
import { basic, CLIENTS, FIXTURE_CONFIG, reply, type Reply } from '../mock/helpers.ts';

export { expect, test } from '@playwright/test';
export { CLIENTS, FIXTURE_CONFIG, ROOT } from '../mock/helpers.ts';

export function startFaultyMock(faults: FaultSpec[] = []): Promise<MockIdp> {
  return startMockIdp({ config: FIXTURE_CONFIG, port: 0, faults });
}

export interface RawReply {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body: string;
  /** The transport failure: ECONNRESET, a premature close ("aborted"), or "timeout" (client-side). */
  error?: string;
  ms: number;
}

/** A client_credentials token request over node:http with a client-side timeout. */
export function rawToken(idp: MockIdp, timeoutMs = 5_000): Promise<RawReply> {
  const url = new URL(idp.url(idp.context.settings.paths.token));
  const payload = 'grant_type=client_credentials&scope=read';
  const started = Date.now();
  return new Promise((resolve) => {
    let body = '';
    let status: number | undefined;
    let headers: RawReply['headers'];
    const done = (error?: string) => resolve({ status, headers, body, ...(error ? { error } : {}), ms: Date.now() - started });
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret),
          'content-length': Buffer.byteLength(payload),
        },
        timeout: timeoutMs,
      },
      (res) => {
        status = res.statusCode;
        headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => done());
        res.on('aborted', () => done('aborted'));
        res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done('timeout');
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    req.end(payload);
  });
}

export async function adminFaults(idp: MockIdp, method: string, path = '', body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return reply(
    await fetch(`${idp.adminUrl}/faults${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
