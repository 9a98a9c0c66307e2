// `idp-conformance api` (issue #14, resource-server conformance) against the example APIs of examples/api/, over
// real HTTP, as a CI job runs it (bin/idp-conformance.js: the dist bundle when built). The correct API (jose
// jwtVerify + createRemoteJWKSet) passes every check; each broken variant fails exactly the checks listed here
// (RFC 9068 §4, RFC 7519 §4.1.4-4.1.5, RFC 8725 §3.1, RFC 6750 §2.3 / §3 / §3.1) and no other; together they show
// every judged check able to fail. Opaque tokens (--token-format opaque): the correct API validates them by
// introspection (RFC 7662) and passes; examples/api/no-introspection.mjs, which takes any non-JWT token as valid,
// fails exactly the revoked and expired cases (RFC 6749 §7). --mock-port: an API started beforehand, trusting the
// mock at a fixed port. Bad input is exit 2 with one line; an API that never answers is exit 3.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { caseSelected, loadApiSuite } from '../../src/api/cases.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli } from '../harness/helpers.ts';
import { citationProblems, requirementRows } from '../harness/requirements-doc.ts';

const API_CASES = loadApiSuite(process.cwd()).cases;

const BAD_JWTS = [
  'expired',
  'not-yet-valid',
  'wrong-audience',
  'wrong-issuer',
  'alg-none',
  'hs256-public-key',
  'unknown-kid',
  'unpublished-key',
  'wrong-typ',
];

/** Per example: every check that does not pass, with its outcome (fail = MUST not met, warn = SHOULD not met). */
const EXPECTED: Record<string, Record<string, 'fail' | 'warn'>> = {
  'resource-server': {},
  // Checks JWTs as the correct API does: its flaw is in the opaque cases only.
  'no-introspection': {},
  'skips-audience': { 'api.wrong-audience.refused': 'fail' },
  'no-signature-check': {
    'api.alg-none.refused': 'fail',
    'api.hs256-public-key.refused': 'fail',
    'api.unknown-kid.refused': 'fail',
    'api.unpublished-key.refused': 'fail',
  },
  'no-challenge': {
    ...Object.fromEntries(
      BAD_JWTS.flatMap((c) => [
        [`api.${c}.challenge`, 'fail'],
        [`api.${c}.invalid-token`, 'fail'],
      ]),
    ),
    'api.missing-scope.insufficient-scope': 'warn',
    'api.missing-scope.challenge': 'fail',
    'api.no-token.challenge': 'fail',
    'api.malformed-header.challenge': 'fail',
  },
  'lax-claims': {
    'api.expired.refused': 'fail',
    'api.not-yet-valid.refused': 'fail',
    'api.wrong-issuer.refused': 'fail',
    'api.wrong-typ.refused': 'fail',
    'api.no-token.no-error-code': 'warn',
  },
  'sloppy-http': {
    ...Object.fromEntries(BAD_JWTS.map((c) => [`api.${c}.status-401`, 'warn'])),
    'api.missing-scope.insufficient-scope': 'warn',
    'api.no-token.refused': 'fail',
    'api.query-token.cache-private': 'warn',
    'api.malformed-header.refused': 'fail',
    'api.malformed-header.status': 'warn',
    'api.rotated-key.accepted': 'warn',
  },
};

const OPAQUE_REFUSED = ['opaque-revoked', 'opaque-expired'];

/** With --token-format opaque: the opaque cases and the cases without a token (no-token, malformed-header). */
const OPAQUE_EXPECTED: Record<string, Record<string, 'fail' | 'warn'>> = {
  'resource-server': {},
  'skips-audience': {},
  'no-signature-check': {},
  'no-introspection': { 'api.opaque-revoked.refused': 'fail', 'api.opaque-expired.refused': 'fail' },
  'no-challenge': {
    // RFC 9068 §4's invalid_token MUST is for JWTs; for an opaque token RFC 6750 §3 says SHOULD.
    ...Object.fromEntries(
      OPAQUE_REFUSED.flatMap((c) => [
        [`api.${c}.challenge`, 'fail'],
        [`api.${c}.invalid-token`, 'warn'],
      ]),
    ),
    'api.no-token.challenge': 'fail',
    'api.malformed-header.challenge': 'fail',
  },
  'lax-claims': { 'api.no-token.no-error-code': 'warn' },
  'sloppy-http': {
    ...Object.fromEntries(OPAQUE_REFUSED.map((c) => [`api.${c}.status-401`, 'warn'])),
    'api.no-token.refused': 'fail',
    'api.malformed-header.refused': 'fail',
    'api.malformed-header.status': 'warn',
  },
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function notPassed(model: ComplianceReport): Record<string, string> {
  return Object.fromEntries(model.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip').map((r) => [r.checkId, r.outcome]));
}

async function runExample(name: string, extra: string[] = [], path = '/orders') {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `api-${name}-`));
  const result = await cli(
    ['api', '--url', `http://127.0.0.1:${port}${path}`, '--report-dir', dir, ...extra, '--', process.execPath, `examples/api/${name}.mjs`],
    {
      PORT: String(port),
    },
  );
  const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return { ...result, model, files };
}

test.describe.configure({ mode: 'parallel' });

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`examples/api/${name}.mjs fails or warns on exactly ${Object.keys(expected).length} checks, no other`, async () => {
    const run = await runExample(name);
    expect(notPassed(run.model), run.stderr).toEqual(expected);
    expect(run.code).toBe(Object.values(expected).includes('fail') ? 1 : 0);
    expect(run.model.target.name).toContain('resource server');
    expect(run.model.results.every((r) => r.requirements.length > 0 && r.specUrls.length > 0)).toBe(true);
    // Every format written, and never a token: JWTs are minted for every case (RFC 6750 §5.3 bearer tokens).
    expect(run.files.length).toBeGreaterThanOrEqual(5);
    for (const text of [...run.files, run.stdout, run.stderr]) expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\./);
    expect(run.stderr).toMatch(/idp-conformance: (conformant|not-conformant) — .* → exit [01]/);
  });
}

for (const [name, expected] of Object.entries(OPAQUE_EXPECTED)) {
  test(`--token-format opaque: examples/api/${name}.mjs fails or warns on exactly ${Object.keys(expected).length} checks (RFC 7662 §2.2 introspection, RFC 6749 §7, RFC 6750 §3.1)`, async () => {
    const run = await runExample(name, ['--token-format', 'opaque']);
    expect(notPassed(run.model), run.stderr).toEqual(expected);
    expect(run.code).toBe(Object.values(expected).includes('fail') ? 1 : 0);
    // Only the opaque cases and those without a token ran; no JWT case.
    expect(new Set(run.model.results.map((r) => r.case))).toEqual(
      new Set(API_CASES.filter((c) => caseSelected(c, 'opaque')).map((c) => c.id)),
    );
    expect(run.model.results.filter((r) => r.case.startsWith('opaque-')).length).toBe(9);
    // An opaque token is as much a bearer credential as a JWT (RFC 6750 §5.3): redacted in the evidence.
    const opaque = run.model.results.find((r) => r.checkId === 'api.opaque-valid.accepted')!;
    expect(opaque.evidence?.request?.headers.Authorization).toMatch(/^Bearer \[redacted:token sha256:[0-9a-f]{12}\]$/);
  });
}

test('--token-format both runs every case; the default (jwt) leaves out the opaque ones', async () => {
  const both = await runExample('resource-server', ['--token-format', 'both']);
  expect(both.code, both.stderr).toBe(0);
  expect(new Set(both.model.results.map((r) => r.case))).toEqual(new Set(API_CASES.map((c) => c.id)));
  const jwt = await runExample('resource-server');
  expect(jwt.model.results.some((r) => r.case.startsWith('opaque-'))).toBe(false);
  expect(jwt.model.results).toHaveLength(API_CASES.filter((c) => caseSelected(c, 'jwt')).reduce((n, c) => n + c.checks.length, 0));
});

test('every judged check is shown able to fail by a broken example (the MAY check never fails)', () => {
  const shown = new Set([...Object.values(EXPECTED), ...Object.values(OPAQUE_EXPECTED)].flatMap((e) => Object.keys(e)));
  const judged = API_CASES.flatMap((c) => c.checks.filter((k) => k.level !== 'MAY').map((k) => `api.${c.id}.${k.id}`));
  // valid-token.accepted and opaque-valid.accepted: shown by the next test (a URL the API does not serve).
  const byNextTest = ['api.valid-token.accepted', 'api.opaque-valid.accepted'];
  expect(judged.filter((id) => !shown.has(id) && !byNextTest.includes(id))).toEqual([]);
});

test('a URL the API does not serve: neither valid token, JWT or opaque, is accepted (RFC 6750 §2.1 MUST), exit 1', async () => {
  const run = await runExample('resource-server', ['--token-format', 'both'], '/not-here');
  expect(notPassed(run.model)['api.valid-token.accepted']).toBe('fail');
  expect(notPassed(run.model)['api.opaque-valid.accepted']).toBe('fail');
  expect(run.code).toBe(1);
});

test('--policy gates the result as run does: waived MUST failures pass, a SHOULD warning fails a strict one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-policy-'));
  const waivers = ['expired', 'not-yet-valid', 'wrong-issuer', 'wrong-typ'].map(
    (c) => `  - { check: api.${c}.refused, reason: "test: a known deviation", expires: 2999-01-01 }`,
  );
  const lenient = join(dir, 'lenient.policy.yaml');
  const strict = join(dir, 'strict.policy.yaml');
  writeFileSync(lenient, ['levels: { MUST: fail, SHOULD: warn, MAY: info }', 'waivers:', ...waivers, ''].join('\n'));
  writeFileSync(strict, ['strict: true', 'waivers:', ...waivers, ''].join('\n'));
  try {
    const passed = await runExample('lax-claims', ['--policy', lenient]);
    expect(passed.stderr).toMatch(
      /RFC verdict not-conformant .*; gate passed with .*lenient\.policy\.yaml \(0 failing, 4 waived\) → exit 0/,
    );
    expect(passed.code).toBe(0);
    const failed = await runExample('lax-claims', ['--policy', strict]);
    expect(failed.stderr).toMatch(/gate FAILED with .*strict\.policy\.yaml \(1 failing, 4 waived\) → exit 1/);
    expect(failed.code).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several --url, --method, --header and --body: every case runs against each URL with the request given', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'api-multi-'));
  const urls = [`http://127.0.0.1:${port}/orders`, `http://127.0.0.1:${port}/orders?page=2`];
  try {
    const run = await cli(
      [
        'api',
        ...urls.flatMap((u) => ['--url', u]),
        '--method',
        'POST',
        '--header',
        'X-Trace: 7',
        '--body',
        '{"n":1}',
        '--report-dir',
        dir,
        '--',
        process.execPath,
        'examples/api/resource-server.mjs',
      ],
      { PORT: String(port) },
    );
    expect(run.code, run.stderr).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const perCase = API_CASES.filter((c) => caseSelected(c, 'jwt')).reduce((n, c) => n + c.checks.length, 0);
    expect(model.results).toHaveLength(2 * perCase);
    expect(new Set(model.results.map((r) => r.case))).toContain(`expired ${urls[1]}`);
    const valid = model.results.find((r) => r.checkId === 'api.valid-token.accepted')!;
    expect(valid.evidence?.request).toMatchObject({ method: 'POST', body: '{"n":1}', headers: { 'X-Trace': '7' } });
    expect(valid.evidence?.request?.headers.Authorization).toMatch(/^Bearer \[redacted:token sha256:[0-9a-f]{12}\]$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: no --url is exit 2 with one line', async () => {
  const run = await cli(['api', '--', process.execPath, 'examples/api/resource-server.mjs']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--url is required');
});

// Each refused before the mock or the API starts: exit 2 and exactly one line naming the flag and the value.
for (const [flags, line] of [
  [['--mock-port', 'abc'], '--mock-port: expected an integer from 0 to 65535, got "abc"'],
  [['--mock-port', '70000'], '--mock-port: expected an integer from 0 to 65535, got "70000"'],
  [['--wait', '0'], '--wait: expected an integer from 1 to 3600, got "0"'],
  [['--wait', '2s'], '--wait: expected an integer from 1 to 3600, got "2s"'],
  [['--method', 'GE T'], '--method: not an HTTP method: "GE T"'],
  [['--header', 'X-Trace 7'], `--header: expected 'Name: value', got "X-Trace 7"`],
  [['--header', 'Authorization: Bearer x'], '--header: Authorization is what each case sets; leave it out'],
  [['--body', '{}'], '--body: a GET request has no body; give --method'],
  [['--scope', 'read write'], '--scope: one scope token (RFC 6749 §3.3), got "read write"'],
  [['--token-format', 'paseto'], '--token-format: expected jwt, opaque, both, got "paseto"'],
] as const) {
  test(`bad input: ${flags.join(' ')} is exit 2 with one line`, async () => {
    const run = await cli(['api', '--url', 'http://127.0.0.1:9/orders', ...flags, '--', process.execPath, '-e', 'process.exit(9)']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(line);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
}

test('bad input: --token-format opaque for an API started separately needs IDP_CLIENT_SECRET, the secret it introspects with', async () => {
  const run = await cli(['api', '--url', 'http://127.0.0.1:9/orders', '--mock-port', '0', '--token-format', 'opaque'], {
    IDP_CLIENT_SECRET: '',
  });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain('set IDP_CLIENT_SECRET to the secret your API introspects with (client api-conformance)');
});

/** Starts an example API on `port` with `env`, as a user does before running the tool; resolves once it listens. */
async function startApi(name: string, port: number, env: Record<string, string>) {
  const child = spawn(process.execPath, [`examples/api/${name}.mjs`], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/orders`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

test('--mock-port N without a command: an API started beforehand to trust the mock at that port passes every check, JWT and opaque (README)', async () => {
  const [mockPort, apiPort] = [await freePort(), await freePort()];
  const mock = `http://127.0.0.1:${mockPort}`;
  // The coordinates the README gives for the generic profile: issuer, <issuer>/jwks, audience <issuer>/resource.
  const secret = 'pre-shared-introspection-secret';
  const api = await startApi('resource-server', apiPort, {
    IDP_ISSUER: mock,
    IDP_JWKS_URI: `${mock}/jwks`,
    IDP_AUDIENCE: `${mock}/resource`,
    IDP_SCOPE: 'read',
    IDP_INTROSPECTION_URL: `${mock}/introspect`,
    IDP_CLIENT_ID: 'api-conformance',
    IDP_CLIENT_SECRET: secret,
  });
  const dir = mkdtempSync(join(tmpdir(), 'api-mock-port-'));
  try {
    const run = await cli(
      [
        'api',
        '--url',
        `http://127.0.0.1:${apiPort}/orders`,
        '--mock-port',
        String(mockPort),
        '--token-format',
        'both',
        '--report-dir',
        dir,
      ],
      { IDP_CLIENT_SECRET: secret },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`mock IdP (generic) at ${mock}; audience ${mock}/resource, scope read`);
    expect(run.stderr).toContain(
      `your API must trust IDP_ISSUER=${mock} IDP_JWKS_URI=${mock}/jwks IDP_AUDIENCE=${mock}/resource IDP_SCOPE=read IDP_INTROSPECTION_URL=${mock}/introspect IDP_CLIENT_ID=api-conformance`,
    );
    const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    expect(notPassed(model)).toEqual({});
    expect(model.results).toHaveLength(API_CASES.reduce((n, c) => n + c.checks.length, 0));
    // The only skip: the correct API refuses query-parameter tokens, so there is no 2xx to look at (RFC 6750 §2.3).
    expect(model.results.filter((r) => r.outcome === 'skip').map((r) => r.checkId)).toEqual(['api.query-token.cache-private']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  } finally {
    api.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--mock-port N: a port already in use is exit 2 naming it', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  try {
    const run = await cli(['api', '--url', 'http://127.0.0.1:9/orders', '--mock-port', String(port)]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim()).toBe(`idp-conformance: --mock-port: port ${port} is in use; stop what listens there or choose another port`);
  } finally {
    await new Promise((r) => busy.close(r));
  }
});

test('an API command that never answers on --url is exit 3 with a line naming the URL', async () => {
  const port = await freePort();
  const run = await cli([
    'api',
    '--url',
    `http://127.0.0.1:${port}/orders`,
    '--wait',
    '2',
    '--',
    process.execPath,
    '-e',
    'setInterval(() => {}, 1000)',
  ]);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain(`http://127.0.0.1:${port}/orders did not answer within 2 s`);
});

test('an API command that exits before answering is exit 3 with its exit code and last output', async () => {
  const port = await freePort();
  const run = await cli([
    'api',
    '--url',
    `http://127.0.0.1:${port}/orders`,
    '--',
    process.execPath,
    '-e',
    'console.error("no IDP_JWKS_URI?"); process.exit(4)',
  ]);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/the API command exited with 4 before .* answered; its last output:\nno IDP_JWKS_URI\?/);
});

test('every requirement an api check cites is in docs/requirements.md, and each MUST check cites only text that obliges the resource server', () => {
  const rows = requirementRows();
  const checks = API_CASES.flatMap((c) => c.checks.map((k) => ({ ...k, id: `${c.id}.${k.id}` })));
  expect(checks.flatMap((k) => citationProblems(k, 'resource server', rows))).toEqual([]);
});

test('the cases are data: a case file that names an unknown judgement is refused with its file, line and key (exit 2 input)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-suite-'));
  try {
    const text = readFileSync('suites/api/resource-server.api.yaml', 'utf8').replace('expect: refused', 'expect: rejected');
    mkdirSync(join(dir, 'suites', 'api'), { recursive: true });
    writeFileSync(join(dir, 'suites', 'api', 'resource-server.api.yaml'), text);
    expect(() => loadApiSuite(dir)).toThrow(/resource-server\.api\.yaml:\d+.*expect/s);
    expect(loadApiSuite(process.cwd()).cases.find((c) => c.id === 'expired')!.checks[0]!.line).toBeGreaterThan(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
