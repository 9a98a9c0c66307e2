// `idp-conformance client` (issue #14, client conformance) against the example clients of examples/client/, over real
// HTTP, as a CI job runs it (bin/idp-conformance.js: the dist bundle when built). The correct client (openid-client)
// passes every check of every scenario; each broken variant fails exactly the checks listed here in the scenarios
// that show its defect, and no other (RFC 6749 §2.3, §2.3.1, §3.2, §4.4.2, §5.1, §5.2; RFC 6750 §2.3, §3.1;
// RFC 9110 §10.2.3). Together they show every judgement able to fail.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { selectScenarios } from '../../src/client/scenarios.ts';
import { cli } from '../harness/helpers.ts';

const SCENARIOS = selectScenarios(process.cwd(), undefined);

interface Expected {
  scenarios: string[];
  /** Every check that does not pass or skip, with its outcome (fail = MUST not met, warn = SHOULD not met). */
  notPassed: Record<string, 'fail' | 'warn' | 'error'>;
}

const EXPECTED: Record<string, Expected> = {
  'token-per-call': { scenarios: ['steady'], notPassed: { 'client.steady.token-reuse': 'warn' } },
  'cache-forever': { scenarios: ['steady'], notPassed: { 'client.steady.no-expired-token': 'warn' } },
  'ignores-retry-after': {
    scenarios: ['rate-limited', 'idp-unavailable'],
    notPassed: { 'client.rate-limited.honours-retry-after': 'warn', 'client.idp-unavailable.honours-retry-after': 'warn' },
  },
  'no-backoff': { scenarios: ['idp-unreachable'], notPassed: { 'client.idp-unreachable.backs-off': 'warn' } },
  'crashes-on-outage': {
    scenarios: ['idp-unavailable'],
    notPassed: { 'client.idp-unavailable.recovers': 'warn', 'client.idp-unavailable.survives': 'warn' },
  },
  'retry-loop': {
    scenarios: ['token-revoked'],
    notPassed: {
      'client.token-revoked.renews-after-invalid-token': 'warn',
      'client.token-revoked.no-reuse-after-invalid-token': 'warn',
      'client.token-revoked.recovers': 'warn',
    },
  },
  'hammers-invalid-client': { scenarios: ['secret-rotated'], notPassed: { 'client.secret-rotated.stops-on-invalid-client': 'warn' } },
  'secret-in-query': { scenarios: ['steady'], notPassed: { 'client.steady.creds-not-in-query': 'fail' } },
  'two-auth-methods': { scenarios: ['steady'], notPassed: { 'client.steady.single-auth-method': 'fail' } },
  'raw-basic': { scenarios: ['steady'], notPassed: { 'client.steady.basic-form-encoded': 'warn' } },
  'get-request': {
    scenarios: ['steady'],
    notPassed: { 'client.steady.post': 'fail', 'client.steady.form-content-type': 'warn', 'client.steady.grant-type': 'fail' },
  },
  'extra-scope': { scenarios: ['steady'], notPassed: { 'client.steady.scope-given': 'warn' } },
  'token-in-query': { scenarios: ['steady'], notPassed: { 'client.steady.token-not-in-query': 'warn' } },
};

function notPassed(model: ComplianceReport): Record<string, string> {
  return Object.fromEntries(model.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => [r.checkId, r.outcome]));
}

async function runExample(name: string, scenarios: string[], extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), `client-${name}-`));
  try {
    const result = await cli([
      'client',
      ...scenarios.flatMap((s) => ['--scenario', s]),
      '--report-dir',
      dir,
      ...extra,
      '--',
      process.execPath,
      `examples/client/${name}.mjs`,
    ]);
    const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    return { ...result, model, files, dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** No secret and no token anywhere: the secret's form-urlencoding-sensitive middle, a JWT, a Basic value. */
function expectNoCredential(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain('+%/: ~');
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\./);
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{16,}/);
  }
}

test.describe.configure({ mode: 'parallel' });

test('examples/client/worker.mjs (openid-client) passes every check of every shipped scenario: exit 0', async () => {
  test.setTimeout(180_000);
  const run = await runExample('worker', []);
  try {
    expect(notPassed(run.model), run.stderr).toEqual({});
    expect(run.code).toBe(0);
    expect(new Set(run.model.results.map((r) => r.case))).toEqual(new Set(SCENARIOS.map((s) => s.id)));
    // Every check was judged: the scenarios gave the client the chance to show each behaviour.
    expect(run.model.results.filter((r) => r.outcome === 'skip').map((r) => r.checkId)).toEqual([]);
    expect(run.model.results.every((r) => r.requirements.length > 0 && r.specUrls.length > 0)).toBe(true);
    expectNoCredential([...Object.values(run.files), run.stdout, run.stderr]);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`examples/client/${name}.mjs fails or warns on exactly ${Object.keys(expected.notPassed).length} checks in ${expected.scenarios.join(', ')}, no other`, async () => {
    test.setTimeout(120_000);
    const run = await runExample(name, expected.scenarios);
    try {
      expect(notPassed(run.model), run.stderr).toEqual(expected.notPassed);
      expect(run.code).toBe(Object.values(expected.notPassed).includes('fail') ? 1 : 0);
      expectNoCredential([...Object.values(run.files), run.stdout, run.stderr]);
    } finally {
      rmSync(run.dir, { recursive: true, force: true });
    }
  });
}

test('under a vendor profile (servicenow: POST /oauth_token.do, opaque tokens, its resource at /api/now/table/incident) the worker passes too: the scenarios set their own lifetimes', async () => {
  test.setTimeout(90_000);
  const run = await runExample('worker', ['steady', 'token-revoked'], ['--profile', 'servicenow']);
  try {
    expect(notPassed(run.model), run.stderr).toEqual({});
    expect(run.model.target.profile).toBe('servicenow');
    const timeline = run.model.results.find((r) => r.checkId === 'client.steady.token-reuse')!.evidence!.timeline!;
    expect(timeline.some((t) => t.method === 'POST' && t.path === '/oauth_token.do' && t.status === 200)).toBe(true);
    expect(timeline.some((t) => t.method === 'GET' && t.path === '/api/now/table/incident' && t.status === 200)).toBe(true);
    expect(run.model.results.filter((r) => r.outcome === 'skip')).toEqual([]);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('every judgement the shipped scenarios use is shown able to fail by a broken example', () => {
  const shown = new Set(Object.values(EXPECTED).flatMap((e) => Object.keys(e.notPassed).map((id) => id.split('.').slice(2).join('.'))));
  const expects = new Set(SCENARIOS.flatMap((s) => s.checks.map((c) => c.id)));
  expect([...expects].filter((id) => !shown.has(id))).toEqual([]);
});

test("--resource-url: the client's calls reach the user's own API through the proxy, and a revoked token is refused there as the mock's resource would (RFC 6750 §3.1)", async () => {
  test.setTimeout(60_000);
  const seen: string[] = [];
  const api = createServer((req: IncomingMessage, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders`;
  try {
    const run = await runExample('worker', ['token-revoked'], ['--resource-url', url]);
    try {
      expect(notPassed(run.model), run.stderr).toEqual({});
      expect(run.model.results.find((r) => r.checkId === 'client.token-revoked.renews-after-invalid-token')?.outcome).toBe('pass');
      // The user's API saw Bearer tokens, at least two of them: before and after the revocation.
      expect(seen.length).toBeGreaterThan(5);
      expect(seen.every((a) => /^Bearer \S+$/.test(a))).toBe(true);
      expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(run.dir, { recursive: true, force: true });
    }
  } finally {
    api.close();
  }
});

test('the HTML report shows a failing check with the client’s request timeline (tokens by number, never a value)', async ({ page }) => {
  test.setTimeout(60_000);
  const run = await runExample('token-per-call', ['steady']);
  try {
    await page.goto(pathToFileURL(join(run.dir, 'index.html')).href);
    // A SHOULD warning: its group and its evidence start closed; the user expands them.
    await page.locator('#expand-all').click();
    const evidence = page.locator('details.evidence', { hasText: 'for client.steady.token-reuse' });
    await evidence.locator('summary').click();
    await expect(evidence).toContainText('Requests of the client');
    await expect(evidence).toContainText(/POST \/token → 200 {2}Basic \(form-encoded\); scope=read; token #\d+ issued, expires_in 3/);
    await expect(evidence).toContainText(/GET \/resource → 200 {2}token #\d+/);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});
