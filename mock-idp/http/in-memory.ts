// One HTTP exchange with a node:http request listener and no socket: the request is an IncomingMessage fed from
// memory, the response is written into a memory "socket" and read back as status, headers and body. interceptIdp
// uses it to answer intercepted requests with the mock's own server code (routes, faults, errors), no port.
import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Duplex } from 'node:stream';

export interface MemoryRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: Record<string, string | number | string[] | undefined>;
  body: Buffer;
}

export interface MemoryResponse {
  status: number;
  /** Name, value, name, value… as sent, hop-by-hop headers (Connection, Keep-Alive) left out. */
  rawHeaders: string[];
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * Emits `request` on the server with in-memory objects. Resolves with the response once it is finished; rejects
 * with ECONNRESET when the handler destroys the connection (connection-reset, truncated-body faults); a request the
 * handler never answers (the hang fault) never settles, like a real hung server.
 */
export function exchange(server: Server, request: MemoryRequest): Promise<MemoryResponse> {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written.push(Buffer.from(chunk));
      done();
    },
  });
  // What node:http and the mock read of a socket: a loopback peer, and the TCP calls as no-ops.
  Object.assign(socket, {
    remoteAddress: '127.0.0.1',
    remotePort: 0,
    setTimeout: () => socket,
    setNoDelay: () => socket,
    setKeepAlive: () => socket,
    resetAndDestroy: () => socket.destroy(Object.assign(new Error('connection reset by the mock'), { code: 'ECONNRESET' })),
  });
  const req = new IncomingMessage(socket as never);
  req.method = request.method;
  req.url = request.url;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  const rawHeaders: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) rawHeaders.push(name, v);
  }
  req.rawHeaders = rawHeaders;
  req.headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
  );
  if (request.body.length && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
    req.headers['content-length'] = String(request.body.length);
  if (request.body.length) req.push(request.body);
  req.push(null);
  // The whole body is here: without this, reading it to the end destroys the "socket" (IncomingMessage._destroy).
  req.complete = true;
  const res = new ServerResponse(req);
  res.assignSocket(socket as never);

  return new Promise<MemoryResponse>((resolve, reject) => {
    const settle = () => {
      const response = res.writableFinished ? parse(Buffer.concat(written), request.method === 'HEAD') : undefined;
      if (response) resolve(response);
      else reject(Object.assign(new Error('socket hang up: the mock closed the connection'), { code: 'ECONNRESET' }));
    };
    res.on('finish', settle);
    // A closed connection after a finished response is the end of a non-keep-alive exchange, not a reset.
    socket.on('close', () => setImmediate(settle));
    socket.on('error', () => undefined);
    server.emit('request', req, res);
  });
}

/** The mock always sends Content-Length (mock-idp/http/respond.ts), chunked only if a handler streams. */
function parse(raw: Buffer, head: boolean): MemoryResponse {
  const end = raw.indexOf('\r\n\r\n');
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const rawHeaders: string[] = [];
  let chunked = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'transfer-encoding' && /chunked/i.test(value)) chunked = true;
    if (!HOP_BY_HOP.has(name.toLowerCase())) rawHeaders.push(name, value);
  }
  let body = head ? Buffer.alloc(0) : raw.subarray(end + 4);
  if (chunked && !head) body = dechunk(body);
  return { status, rawHeaders, body };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = b.indexOf('\r\n', i);
    const size = parseInt(b.subarray(i, lineEnd).toString('latin1'), 16);
    if (!size) break;
    out.push(b.subarray(lineEnd + 2, lineEnd + 2 + size));
    i = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
