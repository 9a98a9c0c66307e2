// `idp-conformance client`: conformance of the integration's client (the party that gets and uses tokens). For each
// scenario (src/client/scenarios.ts) a fresh mock IdP starts behind a recording proxy (src/client/recorder.ts), the
// user's command starts with the mock's coordinates in its environment, the scenario's events happen to the IdP on
// time, and after the scenario's duration the command is stopped (SIGTERM, then SIGKILL). The checks judge the
// recorded requests (src/client/checks.ts); the run ends like `run` and `api`: compliance.json, every report format,
// the console summary, the verdict and exit 0/1/2/3 (or the gate's with --policy). Secrets and tokens are
// registered with the redactor: none reaches a report or the console, the client's own output included.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../../lib/errors.ts';
import { VERSION } from '../../lib/version.ts';
import { startMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import { startApiProcess, type ApiProcess } from '../api/process.ts';
import { SCOPE_TOKEN } from '../cli/client-flag.ts';
import { httpUrlFlag } from '../cli/url-flag.ts';
import { finishRun, loadGatePolicy } from '../finish.ts';
import { COMPLIANCE_SCHEMA_VERSION, type CheckResult, type ComplianceReport } from '../report/model.ts';
import { judged } from '../report/judgement.ts';
import { Redactor } from '../report/redact.ts';
import { specUrlsFor } from '../report/spec-urls.ts';
import { summarize } from '../report/summary.ts';
import { packageRoot } from '../run.ts';
import { JUDGEMENTS, timelineEvidence, type RunFacts } from './checks.ts';
import { Recorder } from './recorder.ts';
import { selectScenarios, type Scenario, type ScenarioEvent } from './scenarios.ts';

export interface ClientOptions {
  profile?: string;
  /** Shipped scenario ids or scenario files; default: every shipped scenario. */
  scenario?: string[];
  /** The user's own protected resource: the client's calls to IDP_RESOURCE_URL are forwarded to it. */
  resourceUrl?: string;
  /** The scopes the client may request (IDP_SCOPE), space-separated. */
  scope?: string;
  reportDir?: string;
  policy?: string;
  sarif?: boolean;
  /** The user's client (after `--`). */
  command?: string[];
  log?: (line: string) => void;
}

const CLIENT_ID = 'client-conformance';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A secret with characters that application/x-www-form-urlencoded changes ("+", "%", "/", ":", "~", a space), so
 * that a client that does not encode its Basic credentials (RFC 6749 §2.3.1) is told apart from one that does.
 */
function makeSecret(): string {
  return `${randomBytes(12).toString('base64url')}+%/: ~${randomBytes(12).toString('base64url')}`;
}

export async function runClientConformance(opts: ClientOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Invalid input first: exit 2 before anything starts.
  if (!opts.command?.length) throw new InputError("give your client's command after --, e.g. idp-conformance client -- node worker.js");
  const resourceUrl = opts.resourceUrl === undefined ? undefined : httpUrlFlag('--resource-url', opts.resourceUrl);
  const scopes = (opts.scope ?? 'read').split(' ').filter(Boolean);
  if (!scopes.length || scopes.some((s) => !SCOPE_TOKEN.test(s)))
    throw new InputError(`--scope: space-separated scope tokens (RFC 6749 §3.3), got "${opts.scope}"`);
  const policy = opts.policy ? await loadGatePolicy(opts.policy) : undefined;
  const scenarios = selectScenarios(packageRoot(), opts.scenario);
  const reportDir = resolve(opts.reportDir ?? 'reports');
  const profile = opts.profile ?? 'generic';
  const redactor = new Redactor();

  let current: { stop(): Promise<void> } | undefined;
  const interrupt = (signal: NodeJS.Signals) => {
    void Promise.resolve(current?.stop()).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  const startedAt = new Date();
  const results: CheckResult[] = [];
  try {
    log(`idp-conformance: ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} against: ${opts.command.join(' ')}`);
    for (const sc of scenarios) {
      const run = new ScenarioRun(sc, { profile, scopes, resourceUrl, command: opts.command, redactor, log });
      current = run;
      const judged = await run.execute();
      results.push(...judged);
      const counts = summarize(judged);
      log(
        `idp-conformance: scenario ${sc.id}: ${[
          [counts.passed, 'passed'],
          [counts.failed, 'failed'],
          [counts.warned, 'warned'],
          [counts.skipped, 'skipped'],
          [counts.errors, counts.errors === 1 ? 'error' : 'errors'],
        ]
          .filter(([n]) => n)
          .map(([n, what]) => `${n} ${what}`)
          .join(', ')}`,
      );
      current = undefined;
    }
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
  const model: ComplianceReport = {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    tool: { name: 'idp-conformance', version: VERSION },
    target: { name: `client ${opts.command.join(' ')}`, profile },
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary: summarize(results),
    results: redactor.redactDeep(results),
  };
  return finishRun(model, { reportDir, sarif: opts.sarif, policy, policyFile: opts.policy, log: opts.log });
}

interface RunSetup {
  profile: string;
  scopes: string[];
  resourceUrl: URL | undefined;
  command: string[];
  redactor: Redactor;
  log: (line: string) => void;
}

/** One scenario: a fresh mock and proxy, the client started, the events on time, the client stopped, the checks. */
class ScenarioRun {
  private idp: MockIdp | undefined;
  private recorder: Recorder | undefined;
  private client: ApiProcess | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly secret = makeSecret();

  constructor(
    private readonly sc: Scenario,
    private readonly setup: RunSetup,
  ) {
    setup.redactor.add(this.secret, 'client-secret');
  }

  async execute(): Promise<CheckResult[]> {
    const { sc, setup } = this;
    let exitedEarly: RunFacts['exitedEarly'];
    try {
      const recorder = new Recorder({
        upstream: () => `http://127.0.0.1:${this.idp!.port}`,
        tokenPath: () => new URL(this.idp!.endpoints.token).pathname,
        resourcePath: () => new URL(this.idp!.endpoints.resource).pathname,
        resourceUrl: setup.resourceUrl,
        clientId: CLIENT_ID,
        secret: this.secret,
        onToken: (token) => setup.redactor.add(token, 'token'),
      });
      this.recorder = recorder;
      const origin = await recorder.listen();
      const expires = sc.events.some((e) => e.do === 'expire-secret');
      this.idp = await startMockIdp({
        profile: setup.profile,
        host: '127.0.0.1',
        port: 0,
        issuer: origin,
        clients: [
          {
            id: CLIENT_ID,
            secrets: [{ value: this.secret, expiresAt: expires ? '1d' : null }],
            scopes: setup.scopes,
            defaultScopes: setup.scopes,
            grants: ['client_credentials'],
            tokenLifetime: sc.tokenLifetime,
          },
        ],
      });
      const idp = this.idp;
      const env: Record<string, string> = {
        IDP_ISSUER: idp.issuer,
        IDP_TOKEN_URL: idp.endpoints.token,
        IDP_CLIENT_ID: CLIENT_ID,
        IDP_CLIENT_SECRET: this.secret,
        IDP_SCOPE: setup.scopes.join(' '),
        IDP_RESOURCE_URL: idp.endpoints.resource,
        IDP_CONFORMANCE_SCENARIO: sc.id,
      };
      setup.log(`idp-conformance: scenario ${sc.id} (${sc.duration} s): ${sc.title}`);
      recorder.restart();
      const client = startApiProcess(setup.command, env, (text) => process.stderr.write(setup.redactor.redact(text)));
      this.client = client;
      for (const e of sc.events) this.timers.push(setTimeout(() => void this.happen(e), e.at * 1000));
      // Runs until the scenario's end, or until the client ends by itself (nothing more will come from it).
      while (recorder.now() < sc.duration * 1000) {
        const why = client.exited();
        if (why) {
          exitedEarly = { why, atMs: recorder.now() };
          break;
        }
        await sleep(50);
      }
    } finally {
      // The client, the proxy and the mock stop before judging: no request arrives while the timeline is read.
      await this.stop();
    }
    return this.judge({ scenario: sc, timeline: this.recorder.timeline, scopes: setup.scopes, exitedEarly });
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    await this.client?.stop();
    await this.recorder?.close();
    await this.idp?.close();
  }

  /** One event of the scenario, at its time. */
  private async happen(e: ScenarioEvent): Promise<void> {
    const idp = this.idp!;
    try {
      if (e.fault) {
        const fault = idp.admin.enableFault(e.fault);
        if (e.for !== undefined) this.timers.push(setTimeout(() => idp.admin.disableFault(fault.id), e.for * 1000));
        return;
      }
      switch (e.do) {
        case 'revoke-tokens':
          for (const token of this.recorder!.issuedTokens()) {
            const record = await idp.context.tokens.find(token);
            if (record) idp.context.tokens.revoke(record);
          }
          this.recorder!.killIssuedTokens();
          return;
        case 'advance-clock':
          await idp.admin.advanceClock({ seconds: e.seconds! });
          this.recorder!.killIssuedTokens();
          return;
        case 'expire-secret':
          // The client's secret was made to expire in a day: the mock's clock moves two days on.
          await idp.admin.advanceClock({ days: 2 });
          this.recorder!.killIssuedTokens();
          return;
        case 'rotate-keys':
          await idp.admin.rotateKey({ retentionDays: 0 });
          this.recorder!.killIssuedTokens();
          return;
        case 'rotate-secret': {
          const old = idp.admin.listSecrets(CLIENT_ID);
          for (const s of old) await idp.admin.deleteSecret(CLIENT_ID, s.id);
          const created = await idp.admin.addSecret(CLIENT_ID, { description: 'rotated by the scenario' });
          this.setup.redactor.add(created.value, 'client-secret');
          return;
        }
      }
    } catch (err) {
      this.setup.log(
        `idp-conformance: scenario ${this.sc.id}: event at ${e.at} s failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private judge(facts: RunFacts): CheckResult[] {
    const { sc } = this;
    const evidence = { timeline: timelineEvidence(facts.timeline) };
    const silent = !facts.timeline.some((e) => e.kind === 'token');
    const early = facts.exitedEarly;
    return sc.checks.map((check) => {
      const base = {
        checkId: `client.${sc.id}.${check.id}`,
        title: check.title,
        suite: 'client',
        suiteFile: sc.file,
        ...(check.line ? { line: check.line } : {}),
        case: sc.id,
        requirements: check.requirements,
        specUrls: specUrlsFor(check.requirements),
        level: check.level,
        evidence,
      };
      if (silent) {
        const why = early ? `the client ${early.why} at ${(early.atMs / 1000).toFixed(1)} s` : `in ${sc.duration} s`;
        const tail = this.client?.tail();
        return {
          ...base,
          outcome: 'error' as const,
          message: `could not evaluate: the client made no token request (${why}); does it read IDP_TOKEN_URL or IDP_ISSUER?${tail ? ` Its last output: ${tail}` : ''}`,
        };
      }
      return { ...base, ...judged(JUDGEMENTS[check.expect](facts, check), check.level) };
    });
  }
}
