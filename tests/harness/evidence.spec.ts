// Two-sided evidence over real HTTP (issue #12 item 5): a run against a mock on port 0 records, for each check, the
// request it sent (method, URL, headers with Authorization redacted, the form), the response, the elapsed time
// and a "copy as curl" line. The curl line, run by a shell with IDP_CLIENT_SECRET set, gets a token from the same
// mock: it reproduces the request, and it holds the variable, never the secret. The harness's secret has `:`, `+`,
// `/`, space, `é`, `%` and `&`, so the Basic line must form-urlencode it as the harness did (RFC 6749 §2.3.1).
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { curlCommand } from '../../harness/curl.ts';
import { COMPLIANCE_SCHEMA_VERSION, type ComplianceReport } from '../../src/report/model.ts';
import { encodedForms } from '../../src/report/redact.ts';
import { run, SECRETS, startMock, tempDir, writeTarget } from './helpers.ts';

test.setTimeout(120_000);

const hasCurl = spawnSync('curl', ['--version']).status === 0;

/**
 * Runs a curl line in sh with the variables it reads; node (for the Basic encoding) is the one running the tests.
 * Asynchronously: the mock answers from this very process.
 */
function shell(line: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const PATH = [dirname(process.execPath), process.env.PATH].join(delimiter);
  return new Promise((resolve) => {
    execFile('sh', ['-c', line], { encoding: 'utf8', env: { PATH, ...env }, timeout: 20_000 }, (_err, stdout, stderr) =>
      resolve({ stdout, stderr }),
    );
  });
}

/** `curl -i` output: status and JSON body. */
function parseResponse(out: string): { status: number; json: Record<string, unknown> } {
  const [head = '', ...body] = out.split(/\r?\n\r?\n/);
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1]), json: JSON.parse(body.join('\n\n')) as Record<string, unknown> };
}

test('a token request check records the request, the response, the time and a curl line that replays it (RFC 6749 §2.3.1, §4.4.2)', async () => {
  const mock = await startMock();
  try {
    const dir = tempDir('evidence');
    const reportDir = join(dir, 'report');
    const { code } = await run({ reportDir, target: writeTarget(mock, dir), grep: '(token-basic|token-post): ', workers: 1 });
    expect(code).toBe(0);
    const model = JSON.parse(readFileSync(join(reportDir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(model.schemaVersion).toBe(COMPLIANCE_SCHEMA_VERSION);
    const basic = model.results.find((r) => r.case === 'token-basic' && r.checkId === 'cc.basic.status-200')!;
    const e = basic.evidence!;
    const tokenUrl = mock.url('/token');
    expect(e.request).toEqual({
      method: 'POST',
      url: tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic [redacted:authorization]' },
      body: 'grant_type=client_credentials&scope=read',
      form: { grant_type: 'client_credentials', scope: 'read' },
    });
    expect(e.status).toBe(200);
    expect(e.elapsedMs).toBeGreaterThan(0);
    expect(e.elapsedMs).toBeLessThan(10_000);
    expect(e.curl).toContain(`'${tokenUrl}'`);
    expect(e.curl).toContain('-u "harness-client:$(node -p');
    expect(e.curl).toContain('"$IDP_CLIENT_SECRET"');
    const post = model.results.find((r) => r.case === 'token-post' && r.evidence?.curl)!.evidence!;
    expect(post.curl).toContain(`--data-urlencode "client_secret=$IDP_CLIENT_SECRET"`);
    expect(post.request!.form).toEqual({
      grant_type: 'client_credentials',
      scope: 'read',
      client_id: 'harness-client',
      client_secret: '[redacted:client secret]',
    });
    const text = readFileSync(join(reportDir, 'compliance.json'), 'utf8') + readFileSync(join(reportDir, 'index.html'), 'utf8');
    for (const form of encodedForms(SECRETS.primary)) expect(text).not.toContain(form);

    test.skip(!hasCurl, 'no curl on this machine: the replay half needs it');
    for (const line of [e.curl!, post.curl!]) {
      const replay = await shell(line, { IDP_CLIENT_SECRET: SECRETS.primary });
      expect(replay.stderr).toBe('');
      const res = parseResponse(replay.stdout);
      expect(res.status, line).toBe(200);
      expect(typeof res.json.access_token).toBe('string');
      expect(res.json.token_type).toBe('Bearer');
    }
    // The variable is what authenticates: without it, or with another value, the mock refuses the client.
    expect(parseResponse((await shell(e.curl!, { IDP_CLIENT_SECRET: 'not-the-secret' })).stdout).status).toBe(401);
  } finally {
    await mock.close();
  }
});

test('curl lines are one shell word per argument, whatever the URL, headers and body hold (single quotes)', () => {
  const hostile = `it's $(touch /tmp/pwned) \`id\` "q" \\ ! ~ * ? [x] {a,b} ; & | < > é`;
  const req = {
    method: 'PUT',
    url: `https://idp.example.test/t?x=${encodeURIComponent(hostile)}&y=${hostile}`,
    headers: { 'x-note': hostile, authorization: `Bearer tok-${hostile}-tok` },
    body: `a=${hostile}&token=tok-${hostile}-tok`,
  };
  const line = curlCommand(req, [{ value: `tok-${hostile}-tok`, variable: 'IDP_ACCESS_TOKEN' }]);
  // A stand-in curl that prints its arguments, one per line, as the shell split them.
  const out = spawnSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\n--\\n' "$a"; done; }; ${line}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', IDP_ACCESS_TOKEN: 'TOKEN' },
  });
  expect(out.stderr).toBe('');
  const args = out.stdout.split('\n--\n').slice(0, -1);
  expect(args).toEqual([
    '-sS',
    '-i',
    '-X',
    'PUT',
    `https://idp.example.test/t?x=${encodeURIComponent(hostile)}&y=${hostile}`,
    '-H',
    `x-note: ${hostile}`,
    '-H',
    'authorization: Bearer TOKEN',
    '--data-binary',
    `a=${hostile}&token=TOKEN`,
  ]);
});
