// `idp-conformance run`: validate suites and target (exit 2), discover the target (exit 3 when unreachable),
// run Playwright with the harness config, then write compliance.json and every report format (exit 0/1/3).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../lib/duration.ts';
import { CannotTestError, EXIT, HarnessError, InputError } from '../lib/errors.ts';
import type { ComplianceReport } from './report/model.ts';
import { colorSupported, palette } from './report/formats/ansi.ts';
import { renderConsoleSummary, renderReportsWritten, renderVerdict } from './report/formats/console.ts';
import { RUN_DEADLINE_CHECK } from '../harness/attachment.ts';
import { harnessFile } from '../harness/files.ts';
import { TransportError } from '../harness/http.ts';
import { findSuiteFiles, loadSuites } from '../harness/suite-loader.ts';
import { gatherBlobs, mergeCommand } from './shards.ts';
import { discoverTarget, loadTarget } from '../harness/target.ts';
import type { Plan, TargetSpec } from '../harness/types.ts';
import { OWN_GROUP, signalGroup } from '../lib/process-group.ts';

export interface RunOptions {
  target?: string;
  targetUrl?: string;
  clientId?: string;
  clientSecretEnv?: string;
  profile?: string;
  /** Quirks of the profile to switch on in the embedded mock (`--quirk`); invalid input with a target. */
  quirk?: string[];
  suite?: string[];
  grep?: string;
  reportDir?: string;
  shard?: string;
  /** Blob report folders (or globs) of every shard, merged into one compliance.json. */
  merge?: string | string[];
  workers?: number;
  quiet?: boolean;
  /** Console output: ours (default), Playwright's `list`, or `json` (the compliance model on stdout, nothing else). */
  reporter?: string;
  sarif?: boolean;
  /** Gate the result with this policy file (as `idp-conformance gate`); the exit code is the gate's. */
  policy?: string;
  /** With policy: a previous compliance.json; only regressions against it fail. */
  baseline?: string;
  /** Run-wide deadline ("10m", "90s", seconds); past it the run ends with what was evaluated and exit 3. */
  timeout?: string | number;
  /** false (`--no-preflight`): do not stop when the token request with the target's credentials fails. */
  preflight?: boolean;
  /**
   * With no target: serve the embedded mock over HTTPS (`run --tls`), so the https-scheme checks judge it. This
   * process must have been started trusting the certificate (src/tls-trust.ts; the CLI re-runs itself so).
   */
  tls?: boolean;
  /** Where progress lines go (tests pass a collector). */
  log?: (line: string) => void;
  /** Receives Playwright's console output instead of the terminal (tests scan it for secrets). */
  output?: (text: string) => void;
  /** Receives what `--reporter json` prints instead of stdout. */
  stdout?: (text: string) => void;
}

/** The package root, whether running from sources or from the esbuild bundle in dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'idp-conformance') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the idp-conformance package root');
    dir = up;
  }
}

/** A CI job must end: the whole run (discovery, every case, the reports) gets this long unless --timeout says. */
export const DEFAULT_RUN_TIMEOUT = '10m';

/** `run --reporter`: ours, one line per case (default); Playwright's own list; the compliance model as JSON. */
export const REPORTERS = ['console', 'list', 'json'] as const;

export async function runConformance(opts: RunOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const deadline = Date.now() + parseDuration(opts.timeout ?? DEFAULT_RUN_TIMEOUT, '--timeout');
  const root = packageRoot();
  const reportDir = resolve(opts.reportDir ?? 'reports');
  // Against the embedded mock one worker: the mock, the runner and the worker share this machine's cores, and a
  // second worker costs ~150 MiB and more CPU than it saves (issue #15); a remote target is latency-bound, so two.
  const embedded = !opts.merge && !opts.target && !opts.targetUrl;
  const workers = Math.min(Math.max(1, opts.workers ?? (embedded ? 1 : 2)), 16);
  if (opts.shard && !/^[1-9]\d*\/[1-9]\d*$/.test(opts.shard)) throw new InputError(`--shard: expected i/n, got "${opts.shard}"`);
  if (opts.baseline && !opts.policy) throw new InputError('--baseline goes with --policy');
  // A bad policy or baseline is invalid input (exit 2) before anything runs.
  const gate = opts.policy ? await loadGate(opts.policy, opts.baseline) : undefined;
  if (opts.grep) {
    try {
      new RegExp(opts.grep);
    } catch {
      throw new InputError(`--grep: invalid regular expression "${opts.grep}"`);
    }
  }
  const reporter = opts.reporter ?? 'console';
  if (!(REPORTERS as readonly string[]).includes(reporter))
    throw new InputError(`--reporter: unknown reporter "${reporter}" (choose from ${REPORTERS.join(', ')})`);
  const childEnv: Record<string, string> = {
    IDP_CONFORMANCE_REPORT_DIR: reportDir,
    IDP_CONFORMANCE_WORKERS: String(workers),
    IDP_CONFORMANCE_REPORTER: reporter,
    // The built harness is JavaScript: Playwright's TypeScript loader for ES modules (a loader thread with its own
    // V8 heap and Babel, ~50 MiB in the runner and in each worker on Node 20) has nothing to do (issue #15).
    ...(harnessFile('conformance.spec').endsWith('.js') ? { PW_DISABLE_TS_ESM: '1' } : {}),
    ...consoleEnv(opts, reporter),
  };
  if (opts.quiet) childEnv.IDP_CONFORMANCE_QUIET = '1';

  if (opts.merge) {
    const inputs = typeof opts.merge === 'string' ? [opts.merge] : opts.merge;
    const blobs = mkdtempSync(join(tmpdir(), 'idp-conformance-merge-'));
    try {
      const n = gatherBlobs(inputs, blobs);
      log(`idp-conformance: merging ${n} shard report${n === 1 ? '' : 's'} from ${inputs.join(', ')}`);
      rmSync(join(reportDir, 'compliance.json'), { force: true });
      const { code, stderr } = await playwright(
        root,
        progressSink(opts, reporter),
        ['merge-reports', '-c', harnessFile('merge.config'), blobs],
        childEnv,
      );
      passOn(stderr, opts.output);
      if (code !== 0 && !existsSync(join(reportDir, 'compliance.json')))
        throw new InputError(`--merge: cannot merge the blob reports in ${inputs.join(', ')}`);
    } finally {
      rmSync(blobs, { recursive: true, force: true });
    }
    return finish(reportDir, opts, log, gate);
  }

  // Suites first: a broken suite is exit 2 before anything is sent to the target.
  const explicit = opts.suite?.length ? opts.suite : undefined;
  const files = findSuiteFiles(explicit ?? [join(root, 'suites')]);
  if (!files.length) throw new InputError(`no suite files (*.suite.yaml) in ${(explicit ?? ['suites']).join(', ')}`);
  const suites = loadSuites(files, root);

  let spec: TargetSpec;
  let baseDir = process.cwd();
  let close = async () => undefined as void;
  if (opts.quirk?.length && (opts.target || opts.targetUrl))
    throw new InputError('--quirk applies to the embedded mock only (no --target)');
  if (opts.tls && (opts.target || opts.targetUrl)) throw new InputError('--tls applies to the embedded mock only (no --target)');
  if (opts.target) {
    ({ spec, baseDir } = loadTarget(opts.target));
    if (opts.profile) spec.profile = opts.profile;
  } else if (opts.targetUrl) {
    if (!opts.clientId || !opts.clientSecretEnv) throw new InputError('--target-url needs --client-id and --client-secret-env');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.clientSecretEnv))
      throw new InputError('--client-secret-env: expected an environment variable name');
    const url = opts.targetUrl;
    spec = {
      ...(url.includes('/.well-known/') ? { discovery: url } : { issuer: url }),
      client: { id: opts.clientId, secret: `\${env:${opts.clientSecretEnv}}` },
      profile: opts.profile ?? 'generic',
    };
  } else {
    const [{ startEmbeddedMock }, { trustedTls }] = await Promise.all([import('../harness/embedded-mock.ts'), import('./tls-trust.ts')]);
    const tls = opts.tls ? trustedTls() : undefined;
    if (opts.tls && !tls)
      throw new HarnessError('--tls: this process was not started trusting the mock certificate (NODE_EXTRA_CA_CERTS; src/tls-trust.ts)');
    const mock = await startEmbeddedMock(root, opts.profile ?? 'generic', opts.quirk, tls?.files);
    // The Playwright workers talk to the mock too: they trust its CA from their start.
    if (tls) Object.assign(childEnv, tls.env);
    ({ target: spec, baseDir } = mock);
    Object.assign(process.env, mock.env);
    Object.assign(childEnv, mock.env);
    close = () => mock.close();
    log(`idp-conformance: embedded mock IdP (${spec.profile}) at ${spec.issuer}`);
  }

  const tmp = mkdtempSync(join(tmpdir(), 'idp-conformance-'));
  try {
    let target;
    // No earlier report may stand for this run when the pre-flight stops it.
    if (!opts.shard) rmSync(join(reportDir, 'compliance.json'), { force: true });
    try {
      target = await discoverTarget(spec, baseDir, { preflight: opts.preflight !== false });
    } catch (err) {
      if (err instanceof CannotTestError) {
        log(`idp-conformance: the target could not be tested: ${err.message}; no suite was run`);
        return EXIT.CANNOT_TEST;
      }
      if (err instanceof TransportError) {
        log(`idp-conformance: the target could not be tested: ${err.message}`);
        return EXIT.CANNOT_TEST;
      }
      throw err;
    }
    if (!target.endpoints.token)
      log('idp-conformance: the metadata has no token_endpoint (REQUIRED, RFC 8414 §2): cases that need a token are skipped');
    // Vendor suites run only against their profile unless named explicitly (then they report skipped).
    const selected = suites.filter((s) => explicit || !s.spec.profile || s.spec.profile === target.profile).map((s) => s.file);
    const plan: Plan = { target, suites: selected, repoRoot: root, reportDir };
    const planFile = join(tmp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan), { mode: 0o600 });
    childEnv.IDP_CONFORMANCE_PLAN = planFile;
    childEnv.IDP_CONFORMANCE_STOP_FILE = join(tmp, 'target-stopped');
    childEnv.IDP_CONFORMANCE_DEADLINE_MS = String(Math.max(1000, deadline - Date.now()));
    // Playwright's per-test folders: in the temporary directory, removed with it (never empty folders in reports/).
    childEnv.IDP_CONFORMANCE_OUTPUT_DIR = join(tmp, 'test-results');
    // Each shard writes its blob into a private directory (the blob reporter empties its output directory),
    // then adds it to <report-dir>/blob-report, where shards run on one machine accumulate.
    // The shard's own compliance model goes to the temporary directory too: it gives the shard's exit code.
    if (opts.shard) {
      childEnv.IDP_CONFORMANCE_BLOB = join(tmp, 'blob');
      childEnv.IDP_CONFORMANCE_REPORT_DIR = join(tmp, 'shard');
    }
    rmSync(join(reportDir, 'compliance.json'), { force: true });
    // No case selected is not a broken harness: the compliance model then holds no result, which `finish` reports.
    const args = ['test', '-c', harnessFile('playwright.config'), '--workers', String(workers), '--pass-with-no-tests'];
    if (opts.grep) args.push('--grep', opts.grep);
    if (opts.shard) args.push('--shard', opts.shard);
    const { code, stderr } = await playwright(root, progressSink(opts, reporter), args, childEnv, {
      deadline,
      stopFile: childEnv.IDP_CONFORMANCE_STOP_FILE,
    });
    const modelDir = opts.shard ? join(tmp, 'shard') : reportDir;
    if (!existsSync(join(modelDir, 'compliance.json'))) {
      // The harness never ran (a broken install, a config Playwright cannot load): the tool's fault, not the target's.
      const cause = stderr
        .split('\n')
        .find((l) => /\berror\b/i.test(l))
        ?.trim()
        .slice(0, 300);
      throw new HarnessError(
        `the harness could not run (Playwright exited with ${code}${cause ? `: ${cause}` : ''}); reinstall idp-conformance`,
      );
    }
    passOn(stderr, opts.output);
    if (opts.shard) {
      const blobDir = join(reportDir, 'blob-report');
      mkdirSync(blobDir, { recursive: true });
      for (const f of readdirSync(childEnv.IDP_CONFORMANCE_BLOB!)) copyFileSync(join(childEnv.IDP_CONFORMANCE_BLOB!, f), join(blobDir, f));
      log(
        `idp-conformance: shard ${opts.shard} written to ${blobDir}; when every shard is done, merge them with: ${mergeCommand(reportDir, opts.shard)}`,
      );
      // A failed check no longer fails a Playwright test: the shard's verdict comes from its own compliance model.
      const shardModel = JSON.parse(readFileSync(join(modelDir, 'compliance.json'), 'utf8')) as ComplianceReport;
      if (existsSync(childEnv.IDP_CONFORMANCE_STOP_FILE)) return EXIT.CANNOT_TEST;
      return verdictExit(shardModel.summary.verdict);
    }
    const stopped = existsSync(childEnv.IDP_CONFORMANCE_STOP_FILE) ? readFileSync(childEnv.IDP_CONFORMANCE_STOP_FILE, 'utf8') : undefined;
    return await finish(reportDir, opts, log, gate, stopped);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await close();
  }
}

type Gate = Awaited<ReturnType<typeof loadGate>>;

async function loadGate(policyFile: string, baselineFile: string | undefined) {
  const [{ loadPolicy }, { loadComplianceReport }] = await Promise.all([import('./gate/policy.ts'), import('./report/load.ts')]);
  return { policy: loadPolicy(policyFile), baseline: baselineFile ? loadComplianceReport(baselineFile) : undefined };
}

/** The exit code of a verdict: 0 conformant, 1 not conformant, 3 could not test. */
export function verdictExit(verdict: ComplianceReport['summary']['verdict']): number {
  return verdict === 'conformant' ? EXIT.OK : verdict === 'not-conformant' ? EXIT.NOT_CONFORMANT : EXIT.CANNOT_TEST;
}

/**
 * The environment of the console reporter in the Playwright runner: colours and terminal for the stream its
 * lines reach (the runner's stdout is ours, or our stderr with `--reporter json`; a collector in tests).
 */
function consoleEnv(opts: RunOptions, reporter: string): Record<string, string> {
  const stream = reporter === 'json' ? process.stderr : process.stdout;
  const tty = !opts.output && Boolean(stream.isTTY || process.env.PLAYWRIGHT_FORCE_TTY);
  return { IDP_CONFORMANCE_COLOR: colorSupported(process.env, tty) ? '1' : '0', IDP_CONFORMANCE_TTY: tty ? '1' : '0' };
}

/** Where the runner's stdout goes: the terminal, or our stderr with `--reporter json` (stdout is the model's). */
function progressSink(opts: RunOptions, reporter: string): RunOptions['output'] {
  if (opts.output) return opts.output;
  return reporter === 'json' ? (text) => process.stderr.write(text) : undefined;
}

/**
 * Render every format from compliance.json, print the end of the run (failures by level, skip reasons, one verdict
 * line with the coverage, merged with the gate's with a policy); the exit code is the gate's with a policy, else
 * the verdict's. `--reporter json` prints the model to stdout as well.
 */
async function finish(
  reportDir: string,
  opts: RunOptions,
  log: (line: string) => void,
  gate: Gate | undefined,
  stopped?: string,
): Promise<number> {
  const model = JSON.parse(readFileSync(join(reportDir, 'compliance.json'), 'utf8')) as ComplianceReport;
  if (!model.results.length && !stopped) {
    // Nothing ran: a pattern that selects no case is the user's input, not a broken harness or a verdict.
    if (opts.grep)
      throw new InputError(
        `--grep: no case matched "${opts.grep}" (it is matched against "<suite id> <case id>: <case title>" and the tags @<suite id>, @case:<case id>)`,
      );
    throw new InputError('no case to run: the selected suites have no case for this target');
  }
  const { writeReports } = await import('./report/write.ts');
  const written = await writeReports(model, reportDir, {
    sourceRoot: packageRoot(),
    ...(opts.sarif ? { sarif: true } : {}),
    ...(gate ? { policy: gate.policy } : {}),
  });
  if (opts.reporter === 'json') (opts.stdout ?? ((t: string) => process.stdout.write(t)))(readFileSync(written[0]!, 'utf8'));
  const p = palette(!opts.log && colorSupported(process.env, Boolean(process.stderr.isTTY)));
  for (const line of renderConsoleSummary(model, p)) log(line);
  log('');
  log(renderReportsWritten(reportDir, written));
  const s = model.summary;
  const verdict = renderVerdict(s, p);
  // A run that ended early could not test the target, whatever the checks it did evaluate say (issue #15).
  const deadline = model.results.find((r) => r.checkId === RUN_DEADLINE_CHECK);
  if (stopped || deadline) {
    log(`idp-conformance: ${verdict}`);
    log(`idp-conformance: the target could not be tested: ${stopped ?? deadline!.message} → exit ${EXIT.CANNOT_TEST}`);
    return EXIT.CANNOT_TEST;
  }
  if (!gate) {
    const code = verdictExit(s.verdict);
    log(`idp-conformance: ${verdict} → exit ${code}`);
    return code;
  }
  const [{ evaluateGate }, { formatRunGate }] = await Promise.all([import('./gate/gate.ts'), import('./gate/print.ts')]);
  const result = evaluateGate(model, gate.policy, gate.baseline ? { baseline: gate.baseline } : {});
  for (const line of formatRunGate(result, opts.policy!, verdict)) log(line);
  return result.exitCode;
}

/**
 * Runs the Playwright CLI of the installed @playwright/test. Progress (stdout) streams through; stderr is held back
 * for the caller, so that a harness that fails to load ends in one line (HarnessError), not a stack trace.
 */
function playwright(
  root: string,
  output: RunOptions['output'],
  args: string[],
  env: Record<string, string>,
  limits: { deadline?: number; stopFile?: string } = {},
): Promise<{ code: number; stderr: string }> {
  let cli: string;
  try {
    cli = createRequire(join(root, 'package.json')).resolve('@playwright/test/cli');
  } catch {
    throw new HarnessError('@playwright/test is not installed beside idp-conformance (a dependency of it): reinstall the package');
  }
  return new Promise((resolvePromise, reject) => {
    // Its own process group: a worker stuck in synchronous code outlives the runner, and is ended with the group.
    const child = spawn(process.execPath, [...childNodeFlags(), cli, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', output ? 'pipe' : 'inherit', 'pipe'],
      ...OWN_GROUP,
    });
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => output?.(b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => stderr.push(b));
    const group = (signal: NodeJS.Signals) => signalGroup(child.pid, signal);
    // Ctrl-C and a CI's SIGTERM reach the runner, which stops and still writes what was evaluated.
    const interrupt = () => child.kill('SIGINT');
    process.on('SIGINT', interrupt).on('SIGTERM', interrupt);
    // Playwright's globalTimeout ends the run at the deadline; should the runner itself not stop, it is killed.
    const deadline = limits.deadline ?? Infinity;
    const kill = Number.isFinite(deadline) ? setTimeout(() => group('SIGKILL'), Math.max(0, deadline - Date.now()) + 60_000) : undefined;
    // A worker found that the target stopped answering: stop the run now rather than fail each remaining case.
    const stopFile = limits.stopFile;
    const watch = stopFile ? setInterval(() => existsSync(stopFile) && (clearInterval(watch), interrupt()), 250) : undefined;
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(kill);
      clearInterval(watch);
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
      group('SIGKILL');
    });
    child.on('close', (code, signal) => {
      resolvePromise({ code: code ?? (signal ? 1 : 0), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/**
 * V8 flags for Playwright's runner, which its workers inherit (Playwright forks them with the runner's execArgv).
 * They are short-lived and allocate fast: with V8's defaults (16 MiB semi-spaces, a heap that may grow 4× between
 * full collections under a multi-GB limit) each held 100–150 MiB of garbage (issue #15). A 512 MiB old space makes
 * V8 collect before growing the heap (growth factor ~1.4) and is several times what a run keeps alive (~60 MiB per
 * worker). A user's own NODE_OPTIONS setting wins.
 */
export function childNodeFlags(nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  return [
    ...(/--max-semi-space-size\b/.test(nodeOptions) ? [] : ['--max-semi-space-size=1']),
    ...(/--max-old-space-size\b/.test(nodeOptions) ? [] : ['--max-old-space-size=512']),
  ];
}

/** What Playwright wrote to stderr during a run that did produce its results. */
function passOn(stderr: string, output: RunOptions['output']): void {
  if (!stderr) return;
  if (output) output(stderr);
  else process.stderr.write(stderr);
}
