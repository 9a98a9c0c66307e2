// `idp-conformance api`: conformance of a resource server (the user's API) to RFC 6750 / RFC 9068 §4 / RFC 8725.
// Starts the mock IdP, optionally the user's API with the mock's coordinates in its environment, sends each case's
// token (minted by the mock with the defect asked for) to every --url, judges each answer against src/api/cases.ts,
// and ends like `run`: compliance.json and every report format, the console summary and verdict, exit 0/1/2/3
// (or the gate's with --policy). Tokens are registered with the redactor: none reaches a report or the console.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { CannotTestError, EXIT, InputError } from '../../lib/errors.ts';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { COMPLIANCE_SCHEMA_VERSION, type CheckResult, type ComplianceReport, type Outcome } from '../report/model.ts';
import { judged } from '../report/judgement.ts';
import { Redactor } from '../report/redact.ts';
import { specUrlsFor } from '../report/spec-urls.ts';
import { summarize } from '../report/summary.ts';
import { VERSION } from '../../lib/version.ts';
import { SCOPE_TOKEN } from '../cli/client-flag.ts';
import { httpUrlFlag } from '../cli/url-flag.ts';
import { finishRun, loadGatePolicy } from '../finish.ts';
import { packageRoot } from '../run.ts';
import {
  caseSelected,
  JUDGEMENTS,
  loadApiSuite,
  TOKEN_FORMATS,
  type ApiAnswer,
  type ApiCase,
  type ApiSuite,
  type Delivery,
  type TokenFormat,
} from './cases.ts';
import { opaqueToken, type OpaqueToken } from './opaque.ts';
import { startApiProcess, waitForUrl, type ApiProcess } from './process.ts';

export interface ApiOptions {
  url?: string[];
  profile?: string;
  method?: string;
  header?: string[];
  body?: string;
  /** The scope the API requires (IDP_SCOPE); tokens carry it, the missing-scope case carries none. */
  scope?: string;
  mockPort?: number | string;
  /** Which token cases run: jwt (default), opaque (validated by introspection) or both. */
  tokenFormat?: string;
  reportDir?: string;
  policy?: string;
  sarif?: boolean;
  /** Seconds to wait for the API's URL to answer (default 30). */
  wait?: number | string;
  /** The user's API command (after `--`). */
  command?: string[];
  log?: (line: string) => void;
}

const CLIENT_ID = 'api-conformance';

function integer(value: number | string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseHeaders(list: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of list) {
    const i = h.indexOf(':');
    const name = i > 0 ? h.slice(0, i).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InputError(`--header: expected 'Name: value', got "${h}"`);
    if (name.toLowerCase() === 'authorization') throw new InputError('--header: Authorization is what each case sets; leave it out');
    headers[name] = h.slice(i + 1).trim();
  }
  return headers;
}

function parseUrls(urls: string[] | undefined): URL[] {
  if (!urls?.length) throw new InputError('--url is required: the URL of a protected endpoint of your API');
  return urls.map((u) => httpUrlFlag('--url', u));
}

export async function runApiConformance(opts: ApiOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Invalid input first: exit 2 before anything starts.
  const urls = parseUrls(opts.url);
  const headers = parseHeaders(opts.header ?? []);
  const method = (opts.method ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new InputError(`--method: not an HTTP method: "${opts.method}"`);
  if (opts.body !== undefined && (method === 'GET' || method === 'HEAD'))
    throw new InputError(`--body: a ${method} request has no body; give --method`);
  const mockPort = integer(opts.mockPort, '--mock-port', 0, 65535) ?? 0;
  const waitMs = (integer(opts.wait, '--wait', 1, 3600) ?? 30) * 1000;
  const scope = opts.scope ?? 'read';
  if (!SCOPE_TOKEN.test(scope)) throw new InputError(`--scope: one scope token (RFC 6749 §3.3), got "${scope}"`);
  const tokenFormat = (opts.tokenFormat ?? 'jwt') as TokenFormat;
  if (!TOKEN_FORMATS.includes(tokenFormat))
    throw new InputError(`--token-format: expected ${TOKEN_FORMATS.join(', ')}, got "${opts.tokenFormat}"`);
  const opaque = tokenFormat !== 'jwt';
  // An API started separately (no command) introspects with a secret it was given beforehand: the same one here.
  const givenSecret = opts.command?.length ? undefined : process.env.IDP_CLIENT_SECRET;
  if (opaque && !opts.command?.length && !givenSecret)
    throw new InputError(
      `--token-format ${tokenFormat} without a command: set IDP_CLIENT_SECRET to the secret your API introspects with (client ${CLIENT_ID})`,
    );
  const policy = opts.policy ? await loadGatePolicy(opts.policy) : undefined;
  const suite = loadApiSuite(packageRoot());
  const reportDir = resolve(opts.reportDir ?? 'reports');

  const secret = givenSecret || randomBytes(24).toString('base64url');
  const redactor = new Redactor();
  redactor.add(secret, 'client-secret');
  const idp = await startMockIdp({
    profile: opts.profile ?? 'generic',
    port: mockPort,
    host: '127.0.0.1',
    clients: [
      {
        id: CLIENT_ID,
        secret,
        scopes: [scope],
        defaultScopes: [scope],
        grants: ['client_credentials'],
        // The opaque cases' tokens come from the token endpoint; the JWT cases' from mintToken, whatever this says.
        ...(opaque ? { tokenFormat: 'opaque' as const } : {}),
      },
    ],
  }).catch((err: NodeJS.ErrnoException) => {
    // The mock reports a port it cannot bind as an InputError "cannot listen on HOST:PORT: EADDRINUSE": name the flag.
    if (err.code === 'EADDRINUSE' || /\bEADDRINUSE\b/.test(err.message))
      throw new InputError(`--mock-port: port ${mockPort} is in use; stop what listens there or choose another port`);
    throw err;
  });
  let api: ApiProcess | undefined;
  // Ctrl-C or a CI's SIGTERM: the user's API (its own process group) and the mock stop with us.
  const interrupt = (signal: NodeJS.Signals) => {
    void Promise.allSettled([api?.stop(), idp.close()]).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  const startedAt = new Date();
  try {
    if (opaque && !idp.endpoints.introspection)
      throw new InputError(
        `--token-format ${tokenFormat}: the ${opts.profile ?? 'generic'} profile has no introspection endpoint to validate opaque tokens`,
      );
    const probe = await idp.admin.mintToken({ client: CLIENT_ID });
    redactor.add(probe.access_token, 'token');
    const aud = probe.claims.aud;
    const env: Record<string, string> = {
      IDP_ISSUER: idp.issuer,
      IDP_JWKS_URI: idp.endpoints.jwks ?? idp.url('/jwks'),
      IDP_AUDIENCE: Array.isArray(aud) ? String(aud[0]) : String(aud),
      IDP_SCOPE: scope,
      IDP_CLIENT_ID: CLIENT_ID,
      IDP_CLIENT_SECRET: secret,
      ...(idp.endpoints.introspection ? { IDP_INTROSPECTION_URL: idp.endpoints.introspection } : {}),
    };
    log(`idp-conformance: mock IdP (${opts.profile ?? 'generic'}) at ${idp.issuer}; audience ${env.IDP_AUDIENCE}, scope ${scope}`);
    if (!opts.command?.length) {
      // An API started separately must already trust these (README: --mock-port); the secret is never printed.
      const trust = [
        'IDP_ISSUER',
        'IDP_JWKS_URI',
        'IDP_AUDIENCE',
        'IDP_SCOPE',
        ...(opaque ? ['IDP_INTROSPECTION_URL', 'IDP_CLIENT_ID'] : []),
      ];
      log(`idp-conformance: your API must trust ${trust.map((k) => `${k}=${env[k]}`).join(' ')}`);
    }
    if (opts.command?.length) {
      log(`idp-conformance: starting the API: ${opts.command.join(' ')}`);
      api = startApiProcess(opts.command, env, (text) => process.stderr.write(redactor.redact(text)));
    }
    try {
      for (const url of urls) await waitForUrl(url.href, waitMs, api);
    } catch (err) {
      if (err instanceof CannotTestError) {
        log(`idp-conformance: the API could not be tested: ${err.message}`);
        return EXIT.CANNOT_TEST;
      }
      throw err;
    }

    const results: CheckResult[] = [];
    for (const c of suite.cases.filter((k) => caseSelected(k, tokenFormat))) {
      if (c.rotateKey) await idp.admin.rotateKey();
      for (const url of urls) {
        const caseName = urls.length === 1 ? c.id : `${c.id} ${url.href}`;
        results.push(...(await runCase(suite, c, caseName, url, { method, headers, body: opts.body }, idp, redactor, secret)));
      }
    }
    const model: ComplianceReport = {
      schemaVersion: COMPLIANCE_SCHEMA_VERSION,
      tool: { name: 'idp-conformance', version: VERSION },
      target: { name: `resource server ${urls.map((u) => u.href).join(' ')}`, issuer: idp.issuer, profile: opts.profile ?? 'generic' },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: summarize(results),
      results: redactor.redactDeep(results),
    };
    return await finishRun(model, { reportDir, sarif: opts.sarif, policy, policyFile: opts.policy, log: opts.log });
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    await api?.stop();
    await idp.close();
  }
}

interface RequestShape {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

async function runCase(
  suite: ApiSuite,
  c: ApiCase,
  caseName: string,
  url: URL,
  req: RequestShape,
  idp: MockIdp,
  redactor: Redactor,
  secret: string,
): Promise<CheckResult[]> {
  const result = (check: ApiCase['checks'][number], outcome: Outcome, message: string): CheckResult => ({
    checkId: `api.${c.id}.${check.id}`,
    title: check.title,
    suite: suite.id,
    suiteFile: suite.file,
    ...(check.line ? { line: check.line } : {}),
    case: caseName,
    requirements: check.requirements,
    specUrls: specUrlsFor(check.requirements),
    level: check.level,
    outcome,
    message,
  });
  let token: string | undefined;
  let minted: OpaqueToken | undefined;
  if (c.token) {
    token = (await idp.admin.mintToken({ client: CLIENT_ID, ...c.token })).access_token;
    redactor.add(token, 'token');
  } else if (c.opaque) {
    try {
      minted = await opaqueToken(idp, { id: CLIENT_ID, secret }, c.opaque);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return c.checks.map((check) => result(check, 'error', `could not evaluate: no opaque token for this case: ${why}`));
    }
    token = minted.token;
    redactor.add(token, 'token');
  }
  const { target, headers } = deliver(url, c.send, token, req.headers);
  const started = Date.now();
  let answer: ApiAnswer;
  try {
    const res = await fetch(target, {
      method: req.method,
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    answer = {
      status: res.status,
      challenge: res.headers.get('www-authenticate') ?? undefined,
      cacheControl: res.headers.get('cache-control') ?? undefined,
    };
  } catch (err) {
    const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return c.checks.map((check) => result(check, 'error', `could not evaluate: the request to ${url.href} failed: ${why}`));
  } finally {
    await minted?.restore();
  }
  const evidence = {
    method: req.method,
    url: redactor.redact(target.href),
    status: answer.status,
    headers: {
      ...(answer.challenge !== undefined ? { 'www-authenticate': answer.challenge } : {}),
      ...(answer.cacheControl !== undefined ? { 'cache-control': answer.cacheControl } : {}),
    },
    request: {
      method: req.method,
      url: redactor.redact(target.href),
      headers: Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, k.toLowerCase() === 'authorization' ? redactor.redactAuthorization(v) : v]),
      ),
      ...(req.body !== undefined ? { body: redactor.redact(req.body.slice(0, 4096)) } : {}),
    },
    elapsedMs: Date.now() - started,
  };
  return c.checks.map((check) => {
    const { outcome, message } = judged(JUDGEMENTS[check.expect](answer, c.title), check.level);
    return { ...result(check, outcome, message), evidence };
  });
}

function deliver(
  url: URL,
  delivery: Delivery,
  token: string | undefined,
  extra: Record<string, string>,
): { target: URL; headers: Record<string, string> } {
  const target = new URL(url.href);
  const headers = { ...extra };
  if (delivery === 'header') headers.Authorization = `Bearer ${token}`;
  else if (delivery === 'query') target.searchParams.set('access_token', token!);
  else if (delivery !== 'none') headers.Authorization = delivery.authorization;
  return { target, headers };
}
