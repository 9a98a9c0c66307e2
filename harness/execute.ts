// Runs one case: sends its requests in order (with captures feeding later requests), then evaluates each check
// into a result record. Knows nothing about Playwright, so the spec file stays a thin adapter.
import { dirname } from 'node:path';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet } from 'jose';
import type { CheckResult, Evidence, Outcome, RequestEvidence } from '../src/report/model.ts';
import { evaluate } from './assertions/index.ts';
import type { AssertionContext } from './assertions/types.ts';
import { curlCommand, type ShellSecret } from './curl.ts';
import { formUrlDecode } from '../lib/form.ts';
import { send, TransportError, type HttpLimits, type HttpRequest, type HttpResponse } from './http.ts';
import { selectOne } from './json-path.ts';
import { Redactor } from '../src/report/redact.ts';
import { buildRequest } from './requests.ts';
import type { Credentials } from './target.ts';
import { capEvidence, capText } from './target-text.ts';
import { expandDeep, TemplateError, targetVars, type Vars } from './template.ts';
import type { CaseSpec, Capability, CheckSpec, LoadedSuite, ResolvedTarget } from './types.ts';

export type CheckRecord = Omit<CheckResult, 'specUrls'>;

const CAPABILITY_REASON: Record<Capability, string> = {
  token: 'no token endpoint: the metadata has no token_endpoint (REQUIRED, RFC 8414 §2) and endpoints.token is not set',
  discovery: 'the target publishes no authorization server metadata',
  jwks: 'the target publishes no jwks_uri',
  jwt: 'the target issues opaque access tokens, not JWTs (RFC 9068)',
  opaque: 'the target issues JWT access tokens',
  introspection: 'the target has no introspection endpoint (RFC 7662)',
  revocation: 'the target has no revocation endpoint (RFC 7009)',
  resource: 'no protected resource URL is configured (endpoints.resource)',
  secondClient: 'no second client is configured (secondClient)',
  noGrantClient: 'no client without the client_credentials grant is configured (noGrantClient)',
  privateKey: 'no private_key_jwt client and key are configured (privateKeyJwt)',
  disallowedScope: 'no disallowed scope is configured (secondClient.disallowedScope)',
  clientSecretBasic: 'the client is not configured for client_secret_basic',
  clientSecretPost: 'the client is not configured for client_secret_post',
  insufficientScope: 'no scope lacking access to the resource is configured (resource.insufficientScope)',
  https: 'the target is plain http (loopback mock); TLS cannot be checked (run --tls serves the embedded mock over https)',
};

export function missingCapability(target: ResolvedTarget, requires: Capability[] | undefined): string | undefined {
  const missing = (requires ?? []).find((c) => !target.capabilities.includes(c));
  if (!missing) return undefined;
  // Without a token endpoint the token format is unknown, not "the other one".
  const why = (missing === 'jwt' || missing === 'opaque') && !target.capabilities.includes('token') ? 'token' : missing;
  return `skipped: ${CAPABILITY_REASON[why]}`;
}

/** Only metadata and key-set requests can be sent to a target without a token endpoint; every other case needs a token. */
function needsToken(c: CaseSpec): Capability[] {
  return c.requests.every((r) => r.kind === 'discovery' || r.kind === 'jwks') ? [] : ['token'];
}

/** Why a whole case does not apply to this target, or undefined when it does. */
export function skipReason(suite: LoadedSuite, c: CaseSpec, target: ResolvedTarget): string | undefined {
  if (suite.spec.profile && suite.spec.profile !== target.profile)
    return `skipped: suite "${suite.spec.id}" applies to the ${suite.spec.profile} profile; the target profile is ${target.profile}`;
  return missingCapability(target, [...needsToken(c), ...(c.requires ?? [])]);
}

export class CaseRunner {
  readonly redactor = new Redactor();
  readonly vars: Vars;
  private readonly responses = new Map<string, HttpResponse[]>();
  private readonly requests = new Map<string, HttpRequest>();
  private lastName = '';
  private failure: { outcome: Outcome; message: string } | undefined;

  constructor(
    readonly suite: LoadedSuite,
    readonly spec: CaseSpec,
    readonly target: ResolvedTarget,
    readonly creds: Credentials,
    readonly limits: HttpLimits,
    private readonly jwksCache: { get(): Promise<JSONWebKeySet> },
  ) {
    this.redactor.add(creds.primary.secret, 'client secret');
    this.redactor.add(creds.second?.secret, 'client secret');
    this.redactor.add(creds.noGrant?.secret, 'client secret');
    this.vars = {
      target: targetVars(target, {
        primary: creds.primary.id,
        second: creds.second?.id,
        noGrant: creds.noGrant?.id,
        privateKey: creds.privateKey?.clientId,
      }),
      capture: {},
    };
  }

  /** Send every request of the case. A transport failure or an inapplicable template stops the case. */
  async sendAll(): Promise<void> {
    try {
      for (const [i, r] of this.spec.requests.entries()) {
        const name = r.name ?? `#${i}`;
        const list: HttpResponse[] = [];
        for (let n = 0; n < (r.repeat ?? 1); n++) {
          const req = await buildRequest(r, { target: this.target, creds: this.creds, redactor: this.redactor, vars: this.vars });
          const res = await send(req, this.limits);
          this.redactor.addTokensFrom(res.json);
          list.push(res);
          this.requests.set(name, req);
        }
        this.responses.set(name, list);
        this.lastName = name;
        for (const [key, c] of Object.entries(r.capture ?? {})) {
          const { path, jwtClaim } = typeof c === 'string' ? { path: c, jwtClaim: undefined } : c;
          // `$status` captures the HTTP status, so a later check can compare outcomes (RFC 6749 §3.2 empty params).
          let v = path === '$status' ? list[0]!.status : selectOne(list[0]!.json, path);
          if (jwtClaim && typeof v === 'string') {
            try {
              v = decodeJwt(v)[jwtClaim];
            } catch {
              v = undefined;
            }
          }
          if (v !== undefined) this.vars.capture[key] = v;
        }
      }
    } catch (err) {
      if (err instanceof TransportError) this.failure = { outcome: 'error', message: `could not test: ${err.message}` };
      else if (err instanceof TemplateError) this.failure = { outcome: 'skip', message: `skipped: ${err.message}` };
      else throw err;
    }
  }

  /**
   * The request side of the evidence (issue #12): as sent, Authorization reduced to its scheme and a marker; the
   * form fields decoded. Registered secrets and tokens in it are redacted with the rest of the record.
   */
  private requestEvidence(req: HttpRequest): RequestEvidence {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {}))
      headers[k] = /^(proxy-)?authorization$/i.test(k) ? this.redactor.redactAuthorization(v) : v;
    const out: RequestEvidence = { method: req.method, url: req.url, headers };
    if (req.body === undefined) return out;
    out.body = req.body;
    const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (/^application\/x-www-form-urlencoded\b/i.test(type) && req.body) {
      const form: Record<string, string | string[]> = {};
      for (const piece of req.body.split('&')) {
        const eq = piece.indexOf('=');
        const name = formUrlDecode(eq < 0 ? piece : piece.slice(0, eq)) ?? piece;
        const value = eq < 0 ? '' : (formUrlDecode(piece.slice(eq + 1)) ?? piece.slice(eq + 1));
        const seen = form[name];
        form[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
      }
      out.form = form;
    }
    return out;
  }

  /**
   * The variables a "copy as curl" line reads instead of values: the clients' secrets, then the tokens and client
   * assertions this request carries, numbered in the order they were obtained (`$IDP_ACCESS_TOKEN_2`, …).
   */
  private shellSecrets(req: HttpRequest): ShellSecret[] {
    const { primary, second, noGrant } = this.creds;
    const out: ShellSecret[] = [{ value: primary.secret, variable: 'IDP_CLIENT_SECRET' }];
    if (second) out.push({ value: second.secret, variable: 'IDP_SECOND_CLIENT_SECRET' });
    if (noGrant) out.push({ value: noGrant.secret, variable: 'IDP_NO_GRANT_CLIENT_SECRET' });
    const text = JSON.stringify(req);
    for (const [label, variable] of [
      ['token', 'IDP_ACCESS_TOKEN'],
      ['client assertion', 'IDP_CLIENT_ASSERTION'],
    ] as const) {
      const carried = this.redactor.valuesOf(label).filter((v) => text.includes(v));
      carried.forEach((value, i) => out.push({ value, variable: i ? `${variable}_${i + 1}` : variable }));
    }
    return out;
  }

  /** The transport error or inapplicability that stopped the case, if any. */
  get stopped(): { outcome: Outcome; message: string } | undefined {
    return this.failure;
  }

  record(check: CheckSpec, outcome: Outcome, message: string, evidence?: Evidence): CheckRecord {
    const r: CheckRecord = {
      checkId: check.id,
      title: check.title,
      suite: this.suite.spec.id,
      suiteFile: this.suite.relFile,
      line: this.suite.checkLine.get(check.id) ?? 1,
      case: this.spec.id,
      requirements: check.requirements,
      level: check.level,
      outcome,
      message: capText(message),
    };
    // Bounded before the redactor sees it: messages and evidence quote what the target sent (issue #15).
    if (evidence) r.evidence = capEvidence(evidence);
    return this.redactor.redactDeep(r);
  }

  async evaluate(check: CheckSpec): Promise<CheckRecord> {
    if (this.failure) return this.record(check, this.failure.outcome, this.failure.message);
    const notApplicable = missingCapability(this.target, check.requires);
    if (notApplicable) return this.record(check, 'skip', notApplicable);
    const name = check.on ?? this.lastName;
    const responses = this.responses.get(name)!;
    const sent = this.requests.get(name)!;
    const ctx: AssertionContext = {
      response: responses[responses.length - 1]!,
      responses,
      request: sent,
      responseOf: (other) => this.responses.get(other)?.at(-1),
      target: this.target,
      vars: this.vars,
      suiteDir: dirname(this.suite.file),
      jwks: () => this.jwksCache.get(),
    };
    const last = responses[responses.length - 1]!;
    const base: Evidence = {
      method: sent.method,
      url: sent.url,
      status: last.status,
      request: this.requestEvidence(sent),
      elapsedMs: last.durationMs,
      curl: curlCommand(sent, this.shellSecrets(sent)),
    };
    try {
      if (check.when) {
        const pre = await evaluate(expandDeep(check.when, this.vars), ctx);
        if (pre.skip) return this.record(check, 'skip', `skipped: ${pre.message}`, { ...base, ...pre.evidence });
        if (!pre.ok) return this.record(check, 'skip', `skipped: precondition not met (${pre.message})`, { ...base, ...pre.evidence });
      }
      const out = await evaluate(expandDeep(check.assert, this.vars), ctx);
      const evidence = { ...base, ...out.evidence };
      if (out.skip) return this.record(check, 'skip', `skipped: ${out.message}`, evidence);
      if (out.ok) return this.record(check, 'pass', out.message, evidence);
      if (check.level === 'MUST') return this.record(check, 'fail', out.message, evidence);
      if (check.level === 'SHOULD') return this.record(check, 'warn', out.message, evidence);
      // MAY / OPTIONAL: recorded as information about the target, never a finding (docs/requirements.md).
      return this.record(check, 'pass', `info (MAY, not offered): ${out.message}`, evidence);
    } catch (err) {
      if (err instanceof TemplateError) return this.record(check, 'skip', `skipped: ${err.message}`, base);
      if (err instanceof TransportError) return this.record(check, 'error', `could not test: ${err.message}`, base);
      return this.record(check, 'error', `check could not be evaluated: ${(err as Error).message}`, base);
    }
  }
}

/** The target's JWK Set, fetched once per worker and shared by every case. */
export function jwksCache(target: ResolvedTarget, limits: HttpLimits): { get(): Promise<JSONWebKeySet> } {
  let pending: Promise<JSONWebKeySet> | undefined;
  return {
    get() {
      pending ??= (async () => {
        if (!target.endpoints.jwks) throw new Error('the target publishes no jwks_uri');
        const res = await send({ method: 'GET', url: target.endpoints.jwks, headers: { accept: 'application/json' } }, limits);
        const set = res.json as JSONWebKeySet;
        createLocalJWKSet(set);
        return set;
      })();
      return pending;
    },
  };
}

/**
 * The per-case loop of every runner (the Playwright spec, the in-process mutation report). A case that does not
 * apply records each check as skipped; otherwise its requests are sent and every check is evaluated in order.
 * `records` fills as checks complete, so a caller can report them even when a later step throws; `step` wraps
 * each evaluation (the spec makes it a test.step). Returns why the whole case was skipped, if it was.
 */
export async function runCase(
  runner: CaseRunner,
  records: CheckRecord[],
  step: (check: CheckSpec, evaluate: () => Promise<CheckRecord>) => Promise<unknown> = (_check, evaluate) => evaluate(),
): Promise<string | undefined> {
  const reason = skipReason(runner.suite, runner.spec, runner.target);
  if (reason) {
    for (const check of runner.spec.checks) records.push(runner.record(check, 'skip', reason));
    return reason;
  }
  await runner.sendAll();
  for (const check of runner.spec.checks) {
    await step(check, async () => {
      const r = await runner.evaluate(check);
      records.push(r);
      return r;
    });
  }
  return runner.stopped?.outcome === 'skip' ? runner.stopped.message : undefined;
}
