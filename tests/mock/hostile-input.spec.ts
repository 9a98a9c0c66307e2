// Hostile input: body limit (413), oversize headers (431), malformed HTTP, header / request / idle timeouts,
// unknown paths (404 JSON), and a bounded fuzz run: nothing crashes the mock and nothing answers 500.
import { basic, CLIENTS, expect, parseRaw, postForm, rawHttp, startMock, test, tokenRequest } from './helpers.ts';
import type { MockIdp } from '../../mock-idp/index.ts';
import { RequestLog } from '../../mock-idp/request-log.ts';

// The mock reports an unexpected handler error as a process warning before answering 500: none may occur.
let warnings: string[] = [];
const onWarning = (w: Error) => {
  if (w.message.includes('idp-conformance mock')) warnings.push(w.message);
};
test.beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
test.afterEach(() => {
  process.off('warning', onWarning);
  expect(warnings).toEqual([]);
});

const auth = basic(CLIENTS.harness.id, CLIENTS.harness.secret);
const head = (idp: MockIdp, extra = '') =>
  `POST /token HTTP/1.1\r\nHost: 127.0.0.1:${idp.port}\r\nAuthorization: ${auth}\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}`;

async function stillServes(idp: MockIdp): Promise<void> {
  expect((await tokenRequest(idp, CLIENTS.harness)).status).toBe(200);
}

test.describe('size limits', () => {
  test('a body above 64 KiB with Content-Length → 413 JSON and the connection closes (RFC 9110 §15.5.14)', async ({ idp }) => {
    const r = await postForm(idp, '/token', `grant_type=client_credentials&pad=${'a'.repeat(64 * 1024)}`, { Authorization: auth });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('invalid_request');
    await stillServes(idp);
  });

  test('a chunked body growing above 64 KiB → 413 (RFC 9110 §15.5.14, RFC 9112 §7.1)', async ({ idp }) => {
    const chunk = 'a'.repeat(16 * 1024);
    const chunks = [
      head(idp, 'Transfer-Encoding: chunked\r\n\r\n'),
      ...Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
      '0\r\n\r\n',
    ];
    const { text } = await rawHttp(idp.port, chunks);
    const res = parseRaw(text);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('invalid_request');
    await stillServes(idp);
  });

  test('a body of exactly 64 KiB is still read (the limit is inclusive) (RFC 9110 §15.5.14)', async ({ idp }) => {
    const prefix = 'grant_type=client_credentials&pad=';
    const r = await postForm(idp, '/token', prefix + 'a'.repeat(64 * 1024 - prefix.length), { Authorization: auth });
    expect(r.status, r.text).toBe(200);
  });

  test('oversize request headers → 431 JSON, never a crash (RFC 6585 §5)', async ({ idp }) => {
    const { text } = await rawHttp(idp.port, [head(idp, `X-Big: ${'b'.repeat(64 * 1024)}\r\nContent-Length: 0\r\n\r\n`)]);
    const res = parseRaw(text);
    expect(res.status).toBe(431);
    // The status line carries the matching reason phrase (RFC 6585 §5), not a generic "Bad Request".
    expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(res.body.error).toBe('invalid_request');
    await stillServes(idp);
  });
});

test('the token-request log stays bounded under load and lists the newest entries (no unbounded memory)', () => {
  const log = new RequestLog(() => 0, 3);
  for (let i = 0; i < 20; i++) log.record(`c${i}`, 'issued');
  expect(log.list().map((e) => e.clientId)).toEqual(['c17', 'c18', 'c19']);
  expect((log as unknown as { entries: unknown[] }).entries.length).toBeLessThanOrEqual(6);
});

test.describe('malformed HTTP', () => {
  const cases: [string, string][] = [
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['bad HTTP version', 'GET /jwks HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['header without colon', 'GET /jwks HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n'],
    ['conflicting Content-Length', 'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'],
    [
      'Content-Length and chunked together',
      'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'bad chunk size',
      'POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
    ],
    ['NUL in the request target', 'GET /jw\u0000ks HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['negative Content-Length', 'POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  ];
  for (const [name, request] of cases) {
    test(`${name} → 400 JSON and the connection closes, never a crash (RFC 9112 §2.2, §6.3)`, async ({ idp }) => {
      const { text, closed } = await rawHttp(idp.port, [request]);
      const res = parseRaw(text);
      expect(closed).toBe(true);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      await stillServes(idp);
    });
  }

  test('an absolute-form or odd request target is routed by path or 404, never 500 (RFC 9112 §3.2)', async ({ idp }) => {
    for (const target of ['http://evil.example/jwks', '//jwks', '/jwks?%zz', '/%zz', '*', '/token/../jwks']) {
      const { text } = await rawHttp(idp.port, [`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
      const status = parseRaw(text).status;
      expect(status, target).toBeGreaterThanOrEqual(200);
      expect(status, target).toBeLessThan(500);
    }
  });

  test('a body shorter than Content-Length followed by close is abandoned without a response or crash (RFC 9112 §6.3)', async ({ idp }) => {
    const { text } = await rawHttp(idp.port, [head(idp, 'Content-Length: 100\r\n\r\ngrant_type=cl')], { endAfterWrite: true });
    expect(parseRaw(text).status === 0 || parseRaw(text).status === 400).toBe(true);
    await stillServes(idp);
  });

  test('pipelined requests on one connection are each answered (RFC 9112 §9.3.2)', async ({ idp }) => {
    const body = 'grant_type=client_credentials';
    const one = head(idp, `Content-Length: ${body.length}\r\n\r\n${body}`);
    const last = head(idp, `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    const { text } = await rawHttp(idp.port, [one + one + last]);
    expect(text.match(/HTTP\/1\.1 200 /g)).toHaveLength(3);
  });

  test('an unknown path → 404 JSON (RFC 9110 §15.5.5)', async ({ idp }) => {
    for (const path of ['/nope', '/token/extra', '/.well-known/unknown', '/']) {
      const r = await fetch(idp.url(path));
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await r.json()).error).toBe('not_found');
    }
  });
});

test.describe('timeouts', () => {
  // Short limits through the library API; the defaults (10 s headers, 30 s request / idle) are the same code.
  const limits = { headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 800, keepAliveTimeoutMs: 300 };

  test('headers trickled forever are cut off by the header timeout (slowloris) (RFC 9112 §9.5)', async () => {
    const idp = await startMock({ limits });
    try {
      // One header line every 200 ms for 6 s: never idle, but far past the 400 ms header timeout.
      const chunks = ['GET /jwks HTTP/1.1\r\nHost: x\r\n', ...Array.from({ length: 30 }, (_, i) => `X-${i}: 1\r\n`)];
      const { closed, written, text } = await rawHttp(idp.port, chunks, { delayMs: 200, timeoutMs: 10_000 });
      expect(closed).toBe(true);
      expect(written).toBeLessThan(chunks.length);
      // RFC 9110 §15.5.9: the server answers 408 before it closes (not a silent reset).
      expect(parseRaw(text).status, `received: ${JSON.stringify(text.slice(0, 40))}`).toBe(408);
    } finally {
      await idp.close();
    }
  });

  test('a body trickled for longer than the request timeout is cut off (RFC 9112 §9.5)', async () => {
    const idp = await startMock({ limits });
    try {
      // One body byte every 200 ms for 6 s: never idle, but far past the 800 ms request timeout.
      const chunks = [head(idp, 'Content-Length: 200\r\n\r\n'), ...Array.from({ length: 30 }, () => 'a')];
      const { closed, written } = await rawHttp(idp.port, chunks, { delayMs: 200, timeoutMs: 10_000 });
      expect(closed).toBe(true);
      expect(written).toBeLessThan(chunks.length);
      await stillServes(idp);
    } finally {
      await idp.close();
    }
  });

  test('a connection that goes silent mid-body is closed by the idle timeout (RFC 9112 §9.5)', async () => {
    const idp = await startMock({ limits });
    try {
      const { closed } = await rawHttp(idp.port, [head(idp, 'Content-Length: 200\r\n\r\ngrant_type=')], { timeoutMs: 8_000 });
      expect(closed).toBe(true);
      await stillServes(idp);
    } finally {
      await idp.close();
    }
  });

  test('an idle keep-alive connection is closed after the response (RFC 9112 §9.3)', async () => {
    const idp = await startMock({ limits });
    try {
      const { closed, text } = await rawHttp(idp.port, [`GET /jwks HTTP/1.1\r\nHost: x\r\n\r\n`], { timeoutMs: 8_000 });
      expect(parseRaw(text).status).toBe(200);
      expect(closed).toBe(true);
    } finally {
      await idp.close();
    }
  });
});

test.describe('fuzz', () => {
  test('a few hundred malformed token, introspection, revocation and resource requests never answer 5xx (RFC 6749 §5.2)', async ({
    idp,
  }) => {
    // Deterministic PRNG so a failure is reproducible.
    let seed = 0x2f6b1d;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const pick = <T>(xs: T[]): T => xs[rnd(xs.length)]!;
    const junk = () => Buffer.from(Array.from({ length: rnd(40) }, () => rnd(256))).toString('latin1');
    const values = [
      '',
      '%',
      '%%',
      '%zz',
      '%C3%28',
      '%E0%A4%A',
      '%00',
      '+',
      '&',
      '=',
      '==',
      'a.b.c',
      'ey.ey.ey',
      '.'.repeat(5),
      'é',
      '\u0000',
      'x'.repeat(5000),
      'client_credentials',
      CLIENTS.harness.id,
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    ];
    const names = [
      'grant_type',
      'scope',
      'client_id',
      'client_secret',
      'client_assertion',
      'client_assertion_type',
      'token',
      'token_type_hint',
      'resource',
      '',
      '%zz',
      'é',
    ];
    const authz = [
      undefined,
      auth,
      'Basic',
      'Basic =',
      'Basic ' + Buffer.from('\u0000:\u0000').toString('base64'),
      'Basic ' + Buffer.from('%zz:%zz').toString('base64'),
      'Bearer',
      'Bearer a.b.c',
      'Digest x',
      'Basic ' + 'A'.repeat(6000),
    ];
    const types = [
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/json',
      'multipart/form-data; boundary=x',
      'text/plain',
      '',
    ];
    const paths = ['/token', '/introspect', '/revoke', '/resource'];
    for (let i = 0; i < 300; i++) {
      const pairs = Array.from({ length: rnd(6) }, () => `${pick(names)}=${rnd(3) ? pick(values) : encodeURIComponent(junk())}`);
      const body = rnd(10) === 0 ? junk() : pairs.join('&');
      const headers: Record<string, string> = {};
      const a = pick(authz);
      if (a) headers.Authorization = a;
      const t = pick(types);
      if (t) headers['Content-Type'] = t;
      const method = rnd(5) ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'PATCH']);
      const r = await fetch(idp.url(pick(paths)), { method, headers, body: method === 'GET' ? undefined : body });
      expect(r.status, `request ${i}: ${body.slice(0, 80)}`).toBeLessThan(500);
      await r.arrayBuffer();
    }
    await stillServes(idp);
  });
});
