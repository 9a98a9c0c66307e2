// Pre-flight (issue #12): before any suite, one token request with the target's credentials (and its metadata,
// when configured). Refused credentials or a URL that is no OAuth server stop `idp-conformance run` within
// seconds with one line naming the cause and the fix, exit 3, and no report blaming the IdP. Run on the command
// line as a user does, against the mock IdP over real HTTP on port 0.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, startMock, tempDir } from './helpers.ts';

test.setTimeout(120_000);

/** Not an OAuth server: every path is a 404 HTML page, as a web server or a wrong --target-url gives. */
async function htmlServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a refused client secret stops the run in seconds: one line "client x: 401 invalid_client — check client.secret", exit 3, no report (RFC 6749 §5.2)', async () => {
  const mock = await startMock();
  try {
    const dir = tempDir('preflight-secret');
    const res = await cli(
      ['run', '--target-url', mock.issuer, '--client-id', 'x', '--client-secret-env', 'BAD', '--report-dir', join(dir, 'r')],
      { BAD: 'not-the-secret' },
    );
    expect(res.code).toBe(3);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toEqual([
      'idp-conformance: the target could not be tested: client x: 401 invalid_client — check client.secret ($BAD); no suite was run',
    ]);
    expect(res.stderr + res.stdout).not.toContain('not-the-secret');
    expect(existsSync(join(dir, 'r', 'compliance.json'))).toBe(false);
    // The whole run (CLI start, suite loading, discovery, one token request) against a loopback IdP.
    expect(res.ms).toBeLessThan(20_000);
    test.info().annotations.push({ type: 'timing', description: `refused secret → exit 3 in ${res.ms} ms` });
  } finally {
    await mock.close();
  }
});

test('an issuer URL that is no OAuth server (404 HTML metadata) is exit 3 naming the metadata URL and the fix (RFC 8414 §3.2)', async () => {
  const { url, server } = await htmlServer();
  try {
    const res = await cli(
      ['run', '--target-url', url, '--client-id', 'x', '--client-secret-env', 'BAD', '--report-dir', tempDir('preflight-html')],
      {
        BAD: 'whatever',
      },
    );
    expect(res.code).toBe(3);
    expect(res.stderr.trim()).toBe(
      `idp-conformance: the target could not be tested: metadata ${url}/.well-known/openid-configuration: 404 text/html, not an OAuth metadata document (RFC 8414 §3.2) — check --target-url (an issuer or its /.well-known/ URL), or give endpoints.token; no suite was run`,
    );
  } finally {
    server.close();
  }
});

test('a token endpoint that answers HTML is exit 3: not an OAuth token response (RFC 6749 §5.1)', async () => {
  const { url, server } = await htmlServer();
  try {
    const dir = tempDir('preflight-token-html');
    const target = join(dir, 'target.yaml');
    writeFileSync(target, `endpoints:\n  token: ${url}/token\nclient:\n  id: x\n  secret: \${env:BAD}\n`);
    const res = await cli(['run', '--target', target, '--report-dir', join(dir, 'r')], { BAD: 'whatever' });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(
      `token endpoint ${url}/token: 404 text/html, not an OAuth token response (RFC 6749 §5.1) — check --target-url, or endpoints.token`,
    );
  } finally {
    server.close();
  }
});

test('--no-preflight runs the suites with the refused secret: the invalid_client answers are judged and reported (exit 1)', async () => {
  const mock = await startMock();
  try {
    const dir = tempDir('no-preflight');
    const res = await cli(
      [
        'run',
        '--target-url',
        mock.issuer,
        '--client-id',
        'x',
        '--client-secret-env',
        'BAD',
        '--no-preflight',
        '--suite',
        'suites/rfc6749-client-credentials.suite.yaml',
        '--grep',
        'case:token-basic',
        '--report-dir',
        dir,
        '--quiet',
      ],
      { BAD: 'not-the-secret' },
    );
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(report.results.find((r) => r.outcome === 'fail')?.message).toContain('got 401');
  } finally {
    await mock.close();
  }
});
