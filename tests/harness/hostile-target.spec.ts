// The harness never hangs CI, whatever the IdP sends (issue #15). Each test stands up a small hostile server of
// its own (node:http on port 0) — alone, or as a proxy in front of the mock — and runs the CLI as users do
// (bin/idp-conformance.js, the dist bundle), asserting the exit code, what the run says and how long it took.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { send, TransportError } from '../../harness/http.ts';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, ROOT, tempDir, writeTarget } from './helpers.ts';

const RFC6749_SUITE = join(ROOT, 'suites', 'rfc6749-client-credentials.suite.yaml');

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

interface Hostile {
  url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1, port 0; close() also drops the connections it left hanging. */
async function serve(handler: Handler): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handler(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

type Rewrite = (
  req: IncomingMessage,
  upstream: { status: number; headers: Record<string, string>; body: string },
) => { status: number; headers: Record<string, string>; body: string } | 'hang';

/** A proxy in front of the mock (whose issuer is the proxy), answering what `rewrite` makes of each response. */
async function hostileMock(rewrite: Rewrite): Promise<{ proxy: Hostile; mock: MockIdp; target: string; dir: string }> {
  let upstream = '';
  const proxy = await serve(async (req, res, body) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)) as [string, string][],
    );
    const r = await fetch(upstream + req.url, {
      method: req.method!,
      headers,
      redirect: 'manual',
      ...(body.length ? { body: body.toString('utf8') } : {}),
    });
    const answer = { status: r.status, headers: {} as Record<string, string>, body: await r.text() };
    r.headers.forEach((v, k) => {
      if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)) answer.headers[k] = v;
    });
    const out = rewrite(req, answer);
    if (out === 'hang') return; // never answers
    res.writeHead(out.status, out.headers).end(out.body);
  });
  const mock = await startMockIdp({ config: join(ROOT, 'fixtures', 'mock-idp.yaml'), port: 0, issuer: proxy.url });
  upstream = `http://127.0.0.1:${mock.port}`;
  const dir = tempDir('hostile');
  const target = writeTarget({ issuer: proxy.url, url: (p: string) => proxy.url + p } as unknown as MockIdp, dir);
  return { proxy, mock, target, dir };
}

function report(dir: string): ComplianceReport {
  return JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
}

/** Every string in a JSON value, with its length. */
function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestString));
  return 0;
}

test('a 0.9 MB JWT-looking error_description (eyJeyJ…, no dots) neither hangs the run nor reaches the report whole (RFC 6749 §5.2)', async () => {
  const description = 'eyJ'.repeat(300_000); // under the 1 MiB response cap
  const { proxy, mock, target, dir } = await hostileMock((_req, r) => {
    if (r.status < 400 || !r.headers['content-type']?.includes('json')) return r;
    const body = JSON.parse(r.body) as Record<string, unknown>;
    return { ...r, body: JSON.stringify({ ...body, error_description: description }) };
  });
  try {
    const reportDir = join(dir, 'report');
    const run = await cli(['run', '--target', target, '--suite', RFC6749_SUITE, '--report-dir', reportDir, '--quiet']);
    console.log(`hostile error_description: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s`);
    expect([0, 1], run.stderr).toContain(run.code);
    const model = report(reportDir);
    const capped = model.results.filter((r) => JSON.stringify(r.evidence ?? {}).includes(`… (${description.length} bytes)`));
    expect(capped.length).toBeGreaterThan(3);
    // 4 KiB of text, its marker, JSON escapes: nothing near the 900 000 characters sent.
    expect(longestString(model)).toBeLessThan(4200);
    expect(readFileSync(join(reportDir, 'compliance.json'), 'utf8')).not.toContain('eyJ'.repeat(1400));
  } finally {
    await mock.close();
    await proxy.close();
  }
});

test('a metadata URL that redirects to itself ends in exit 3 naming the URL, not "no token endpoint" (RFC 9110 §15.4)', async () => {
  const server = await serve((req, res) => {
    res.writeHead(302, { location: req.url! }).end();
  });
  try {
    const run = await cli(['run', '--target-url', server.url, '--client-id', 'c', '--client-secret-env', 'HOSTILE_SECRET'], {
      HOSTILE_SECRET: 'hostile-secret',
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`redirect loop at ${server.url}/.well-known/`);
    expect(run.stderr).not.toContain('no token endpoint');
  } finally {
    await server.close();
  }
});

test('a token endpoint that redirects to itself ends in exit 3 naming the token URL (RFC 6749 §3.2)', async () => {
  const server = await serve((req, res) => {
    if (req.url!.startsWith('/.well-known/')) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: server.url, token_endpoint: `${server.url}/token` }));
    } else res.writeHead(307, { location: '/token' }).end();
  });
  try {
    const run = await cli(['run', '--target-url', server.url, '--client-id', 'c', '--client-secret-env', 'HOSTILE_SECRET'], {
      HOSTILE_SECRET: 'hostile-secret',
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`redirect loop at ${server.url}/token`);
  } finally {
    await server.close();
  }
});

test('every request: a redirect loop and a chain past the limit are errors naming the URL; cross-origin and credential-bearing redirects are not followed', async () => {
  let hops = 0;
  const other = await serve((_req, res) => void res.writeHead(200).end('other origin'));
  const server = await serve((req, res) => {
    const n = Number(/^\/chain\/(\d+)$/.exec(req.url!)?.[1] ?? -1);
    if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (n >= 0) res.writeHead(302, { location: `/chain/${n + 1}` }).end();
    else if (req.url === '/away') res.writeHead(302, { location: `${other.url}/` }).end();
    else if (req.url === '/token') res.writeHead(302, { location: '/elsewhere' }).end(String(++hops));
    else res.writeHead(404).end();
  });
  try {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as TransportError,
      );
    const loop = await err(send({ method: 'GET', url: `${server.url}/loop` }));
    expect(loop).toBeInstanceOf(TransportError);
    expect(loop!.code).toBe('ERR_REDIRECT');
    expect(loop!.message).toContain(`redirect loop at ${server.url}/loop`);
    const chain = await err(send({ method: 'GET', url: `${server.url}/chain/0` }));
    expect(chain!.code).toBe('ERR_REDIRECT');
    expect(chain!.message).toContain(`too many redirects at ${server.url}/chain/3`);
    expect((await send({ method: 'GET', url: `${server.url}/away` })).status).toBe(302);
    const post = await send({
      method: 'POST',
      url: `${server.url}/token`,
      headers: { authorization: 'Basic eDp5' },
      body: 'grant_type=client_credentials',
    });
    expect(post.status).toBe(302);
    expect(hops).toBe(1);
  } finally {
    await server.close();
    await other.close();
  }
});

test('what was already handled stays handled: timeout, response cap, gzip bomb, TLS failure (RFC 9110 §8.4)', async () => {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in about 64 KiB
  const server = await serve((req, res) => {
    if (req.url === '/slow') return; // never answers
    if (req.url === '/big') return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 'a'));
    if (req.url === '/bomb') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    res.writeHead(404).end();
  });
  const limits = { timeoutMs: 2000, maxResponseBytes: 1024 * 1024, ratePerSecond: 0, maxRedirects: 3 };
  try {
    const code = (url: string) =>
      send({ method: 'GET', url }, limits).then(
        () => 'answered',
        (e: TransportError) => e.code,
      );
    expect(await code(`${server.url}/slow`)).toBe('ERR_TIMEOUT');
    expect(await code(`${server.url}/big`)).toBe('ERR_TOO_LARGE');
    expect(await code(`${server.url}/bomb`)).toBe('ERR_TOO_LARGE');
    expect(await code(`https://${server.url.slice('http://'.length)}/`)).toMatch(/^ERR_(TLS|TRANSPORT|UNREACHABLE)$/);
  } finally {
    await server.close();
  }
});

test('a target that stops answering after discovery stops the run after 3 consecutive timeouts, exit 3 (not 36 × 10 s)', async () => {
  let answered = 0;
  const { proxy, mock, target, dir } = await hostileMock((req, r) => {
    // Discovery (two metadata documents) and the token-format probe are answered; then nothing ever again.
    if (req.url!.startsWith('/.well-known/') || answered++ < 1) return r;
    return 'hang';
  });
  writeFileSync(
    target,
    `${readFileSync(target, 'utf8').replace('limits:\n  ratePerSecond: 0', 'limits:\n  ratePerSecond: 0\n  timeoutMs: 1500')}`,
  );
  try {
    const reportDir = join(dir, 'report');
    const run = await cli(['run', '--target', target, '--report-dir', reportDir, '--quiet']);
    console.log(`stopped answering: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`${proxy.url}: the target stopped answering (3 consecutive requests timed out)`);
    // Before: every remaining request waited out its timeout (here 1.5 s each, over a hundred requests).
    expect(run.ms).toBeLessThan(120_000);
    expect(report(reportDir).summary.errors).toBeGreaterThan(0);
  } finally {
    await mock.close();
    await proxy.close();
  }
});

test('the run-wide deadline (--timeout) ends a run whose check is stuck in synchronous code: exit 3 and a report of what was evaluated', async () => {
  // A suite author's catastrophic pattern meets the target's value: (a+)+$ on "aaa…a!" never returns.
  const server = await serve((req, res) => {
    if (req.url!.startsWith('/.well-known/'))
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: server.url, token_endpoint: `${server.url}/token` }));
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ access_token: `${'a'.repeat(40)}!`, token_type: 'Bearer', expires_in: 60 }));
  });
  const dir = tempDir('deadline');
  const suite = join(dir, 'stuck.suite.yaml');
  writeFileSync(
    suite,
    [
      'id: stuck',
      'title: A check stuck in its own code',
      'description: One case that completes and one whose check never returns.',
      'cases:',
      '  - id: completes',
      '    title: The token request is answered',
      '    requests: [{ kind: token }]',
      '    checks:',
      '      - { id: stuck.completes, title: status 200, requirements: [RFC6749-5.1], level: MUST, assert: { status: 200 } }',
      '  - id: stuck',
      '    title: The check never returns',
      '    requests: [{ kind: token }]',
      '    checks:',
      '      - id: stuck.never-returns',
      '        title: catastrophic backtracking',
      '        requirements: [RFC6749-5.1]',
      '        level: MUST',
      "        assert: { json: { path: $.access_token, matches: '^(a+)+$' } }",
      '',
    ].join('\n'),
  );
  try {
    const reportDir = join(dir, 'report');
    const run = await cli(
      [
        'run',
        '--target-url',
        server.url,
        '--client-id',
        'c',
        '--client-secret-env',
        'HOSTILE_SECRET',
        '--suite',
        suite,
        '--timeout',
        '40s',
        '--report-dir',
        reportDir,
      ],
      { HOSTILE_SECRET: 'hostile-secret' },
    );
    console.log(`stuck check, --timeout 40s: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('the run-wide deadline (--timeout) passed');
    expect(run.ms).toBeLessThan((40 + 60) * 1000);
    const model = report(reportDir);
    expect(model.results.find((r) => r.checkId === 'stuck.completes')?.outcome, run.stdout + run.stderr).toBe('pass');
    expect(model.results.find((r) => r.checkId === 'run.deadline')).toMatchObject({ outcome: 'error' });
    expect(model.results.find((r) => r.checkId === 'run.deadline')!.message).toContain('1 of 2 cases were not evaluated');
  } finally {
    await server.close();
  }
});

test('--timeout takes a duration and refuses anything else with exit 2', async () => {
  const run = await cli(['run', '--timeout', 'soon']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--timeout: expected a duration such as 90s, 10m or 1h, got "soon"');
});
