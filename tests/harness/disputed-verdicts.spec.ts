// Verdicts a certified provider would dispute (issue #13): a server answering in ways the cited RFC text allows
// gets no MUST failure. A small node:http front stands before the generic mock and answers as such providers do:
//  - GET to the token or revocation endpoint: 404 text/plain "Not Found" (RFC 6749 §3.2 and RFC 7009 §2.1 tell
//    the client to POST; any refusal without a token conforms);
//  - introspection without any client authentication: 400 {"error":"invalid_client"} (RFC 6749 §5.2 asks for
//    401 only "If the client attempted to authenticate via the "Authorization" request header field"; RFC 7662
//    §2.1 only requires authorization);
//  - metadata listing "none" among token_endpoint_auth_methods_supported (RFC 9700 §2.5: SHOULD, so a warning).
// The faults that break these behaviours for real still fail the checks: tests/faults/matrix.spec.ts with
// tests/faults/expected-kills.yaml (token-get-accepted, revocation-get-accepted, client-auth-optional,
// metadata-auth-method-none).
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CaseRunner, jwksCache, runCase, type CheckRecord } from '../../harness/execute.ts';
import { findSuiteFiles, loadSuites } from '../../harness/suite-loader.ts';
import { discoverTarget, limitsOf, resolveCredentials } from '../../harness/target.ts';
import type { TargetSpec } from '../../harness/types.ts';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { ROOT, SECRETS } from './helpers.ts';

type Override = (req: IncomingMessage, body: string, res: ServerResponse) => boolean;

/** A front on port 0 that answers what `override` takes and forwards the rest to `upstream()`. */
async function front(upstream: () => string, override: Override): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      if (override(req, body, res)) return;
      const target = new URL(req.url ?? '/', upstream());
      const out = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        const chunksUp: Buffer[] = [];
        up.on('data', (c: Buffer) => chunksUp.push(c));
        up.on('end', () => {
          let text = Buffer.concat(chunksUp);
          const headers = { ...up.headers };
          // Metadata as a provider that also serves public clients publishes it.
          if (/^\/\.well-known\//.test(target.pathname) && up.statusCode === 200) {
            const doc = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
            doc.token_endpoint_auth_methods_supported = [...((doc.token_endpoint_auth_methods_supported as string[]) ?? []), 'none'];
            text = Buffer.from(JSON.stringify(doc));
            headers['content-length'] = String(text.length);
          }
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(text);
        });
      });
      out.end(body === '' ? undefined : Buffer.from(body, 'latin1'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const notFound = (res: ServerResponse) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not Found');
};

/** Answers as the certified provider of the issue does; everything else is the generic mock's. */
const certifiedLike: Override = (req, body, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'GET' && (path === '/token' || path === '/revoke')) {
    notFound(res);
    return true;
  }
  const form = new URLSearchParams(body);
  if (req.method === 'POST' && path === '/introspect' && !req.headers.authorization && !form.has('client_id')) {
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'invalid_client', error_description: 'client authentication is required' }));
    return true;
  }
  return false;
};

async function runSuitesAgainst(
  issuer: string,
  suites = ['rfc6749-client-credentials', 'rfc7009-revocation', 'rfc7662-introspection', 'rfc9700-security-bcp'],
): Promise<Map<string, CheckRecord>> {
  process.env.HARNESS_TEST_SECRET = SECRETS.primary;
  process.env.HARNESS_TEST_SECRET_2 = SECRETS.second;
  process.env.HARNESS_TEST_SECRET_NO_GRANT = SECRETS.noGrant;
  const spec: TargetSpec = {
    name: 'certified-like front',
    issuer,
    allowHttp: true,
    client: { id: 'harness-client', secret: '${env:HARNESS_TEST_SECRET}', authMethods: ['client_secret_basic', 'client_secret_post'] },
    secondClient: { id: 'harness-client-2', secret: '${env:HARNESS_TEST_SECRET_2}', disallowedScope: 'write' },
    noGrantClient: { id: 'harness-no-grant', secret: '${env:HARNESS_TEST_SECRET_NO_GRANT}' },
    scope: 'read',
    expect: { tokenLifetime: 3600 },
    limits: { ratePerSecond: 0 },
  };
  const target = await discoverTarget(spec, ROOT);
  const creds = resolveCredentials(target, ROOT);
  const limits = limitsOf(target);
  const jwks = jwksCache(target, limits);
  const files = findSuiteFiles(suites.map((s) => join(ROOT, 'suites', `${s}.suite.yaml`)));
  const records: CheckRecord[] = [];
  for (const suite of loadSuites(files, ROOT))
    for (const c of suite.spec.cases) await runCase(new CaseRunner(suite, c, target, creds, limits, jwks), records);
  return new Map(records.map((r) => [r.checkId, r]));
}

let mock: MockIdp | undefined;
let server: Server | undefined;
test.afterEach(async () => {
  await mock?.close();
  if (server) await new Promise((r) => server!.close(r));
  mock = server = undefined;
});

async function startBehindFront(override: Override): Promise<string> {
  const f = await front(() => `http://127.0.0.1:${mock!.port}`, override);
  server = f.server;
  mock = await startMockIdp({ config: join(ROOT, 'fixtures', 'mock-idp.yaml'), port: 0, issuer: f.url });
  return f.url;
}

test('a provider refusing GET with 404 text/plain, introspection without credentials with 400 invalid_client and listing "none" gets no MUST failure (RFC 6749 §3.2, §5.2; RFC 7009 §2.1; RFC 7662 §2.1; RFC 9700 §2.5)', async () => {
  test.setTimeout(120_000);
  const issuer = await startBehindFront(certifiedLike);
  // The front does answer as described.
  expect((await fetch(`${issuer}/token?grant_type=client_credentials`)).status).toBe(404);
  expect((await fetch(`${issuer}/introspect`, { method: 'POST', body: new URLSearchParams({ token: 'x' }) })).status).toBe(400);

  const results = await runSuitesAgainst(issuer);
  const outcome = (id: string) => `${id}: ${results.get(id)?.outcome} (${results.get(id)?.message})`;
  expect(outcome('cc.post-only.get-refused')).toMatch(/: pass \(status 404/);
  expect(outcome('cc.post-only.get-no-token')).toMatch(/: pass \(.*not JSON/);
  expect(outcome('revoke.post-only.get-refused')).toMatch(/: pass \(status 404/);
  expect(outcome('intro.authz.no-auth-401')).toMatch(/: pass /);
  expect(outcome('intro.authz.no-auth-no-leak')).toMatch(/: pass /);
  // SHOULD: a warning, never a MUST failure.
  expect(results.get('bcp.client-auth.no-none')).toMatchObject({ level: 'SHOULD', outcome: 'warn' });
  const mustFailures = [...results.values()]
    .filter((r) => r.level === 'MUST' && (r.outcome === 'fail' || r.outcome === 'error'))
    .map((r) => `${r.checkId}: ${r.message}`);
  expect(mustFailures).toEqual([]);
});

test('the same suites still fail a provider that answers GET with a token or introspects without credentials (RFC 6749 §3.2, RFC 7662 §2.1)', async () => {
  test.setTimeout(120_000);
  // GET served as the form POST (token and revocation), introspection answered as the client named in the body.
  const issuer = await startBehindFront(() => false);
  for (const name of ['token-get-accepted', 'revocation-get-accepted', 'client-auth-optional']) mock!.admin.enableFault({ name });
  const results = await runSuitesAgainst(issuer);
  // The GET checks are SHOULD (the POST rule binds the client), so a token for GET is a warning; the introspection
  // check is MUST (RFC 7662 §2.1: the endpoint MUST require authorization).
  for (const id of ['cc.post-only.get-refused', 'cc.post-only.get-no-token', 'revoke.post-only.get-refused'])
    expect(`${id}: ${results.get(id)?.outcome}`, results.get(id)?.message).toBe(`${id}: warn`);
  expect(`intro.authz.no-auth-401: ${results.get('intro.authz.no-auth-401')?.outcome}`).toBe('intro.authz.no-auth-401: fail');
});

test('a JWKS that cannot be fetched in transit makes the signature checks "could not test" errors, not MUST failures of the signature (RFC 9068 §4 judges the signature, not the network)', async () => {
  test.setTimeout(120_000);
  // The front drops the connection of every request for the key set: the tokens may be signed perfectly well.
  const issuer = await startBehindFront((req) => {
    if (!new URL(req.url ?? '/', 'http://x').pathname.endsWith('/jwks')) return false;
    req.socket.destroy();
    return true;
  });
  expect(JSON.parse(await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).text())).toMatchObject({
    jwks_uri: `${issuer}/jwks`,
  });
  const results = await runSuitesAgainst(issuer, ['rfc9068-jwt-access-token']);
  for (const id of ['jwt.signature-verifies', 'jwt.every-token-verifies']) {
    const r = results.get(id);
    expect(`${id}: ${r?.outcome}`, r?.message).toBe(`${id}: error`);
    expect(r?.message).toMatch(/^could not test: /);
  }
});
