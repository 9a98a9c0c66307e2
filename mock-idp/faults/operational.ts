// Operational faults for client developers (retry, backoff, timeouts): they break the transport or answer for
// the endpoint, and break no conformance requirement on purpose.
import type { ServerResponse } from 'node:http';
import type { FaultDefinition, FaultHooks, FaultParams } from './types.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function operational(name: string, description: string, hooks: (p: FaultParams) => FaultHooks['operational']): FaultDefinition {
  return { name, description, breaks: [], endpoints: [], kind: 'operational', hooks: (p) => ({ operational: hooks(p) }) };
}

function jsonError(res: ServerResponse, status: number, error: string, description: string, retryAfter: number): 'handled' {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Retry-After': String(retryAfter),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
  res.end(JSON.stringify({ error, error_description: description }));
  return 'handled';
}

export const OPERATIONAL_FAULTS: FaultDefinition[] = [
  operational('latency', 'responses are delayed by delayMs (default 500 ms)', (p) => async () => {
    await sleep(p.delayMs ?? 500);
    return 'continue';
  }),
  operational(
    'rate-limited',
    '429 Too Many Requests with Retry-After (default 1 s)',
    (p) => async (_req, res) => jsonError(res, 429, 'slow_down', 'rate limit exceeded', p.retryAfter ?? 1),
  ),
  operational(
    'unavailable',
    '503 temporarily_unavailable with Retry-After (RFC 6749 §4.1.2.1 code, RFC 7009 §2.2.1)',
    (p) => async (_req, res) => jsonError(res, 503, 'temporarily_unavailable', 'the server is temporarily unavailable', p.retryAfter ?? 1),
  ),
  operational('connection-reset', 'the TCP connection is reset before any response', () => async (req) => {
    req.socket.resetAndDestroy();
    return 'handled';
  }),
  operational('truncated-body', 'the response promises more bytes than it sends, then the connection closes', () => async (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 512 });
    res.write('{"access_token":"');
    setImmediate(() => res.destroy());
    return 'handled';
  }),
  operational('hang', 'the request is accepted and never answered (until the idle timeout closes it)', () => async () => 'handled'),
];
