// The cost of a failing conformance run against a passing one (issue #12: a failing run costs no more than 1.5× a
// passing one). Both run `node bin/idp-conformance.js run --target …` against a mock in its own process
// (fixtures/mock-idp.yaml), the failing one with two faults switched on (missing-cache-control and
// wrong-error-code: 19 MUST failures, 15 SHOULD warnings). CPU time is the figure that matters on shared CI
// machines: user + system time of the CLI's whole process tree (the CLI, Playwright's runner, its workers), read
// from the cutime/cstime of a shell that waited for it. Linux only; elsewhere CPU is undefined and wall time is used.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAILING_RUN_TARGET = 1.5;
const FAULTS = ['missing-cache-control', 'wrong-error-code'];
const SECRETS = { HT_SECRET: 's3cr3t:+/ é%&-harness', HT_SECRET_2: 'second-secret', HT_SECRET_NO_GRANT: 'no-grant-secret' };

export interface RunCost {
  wallS: number;
  cpuS: number | undefined;
  code: number | null;
}

function targetFile(dir: string, issuer: string, root: string): string {
  const file = join(dir, 'target.yaml');
  writeFileSync(
    file,
    [
      'name: bench mock',
      `issuer: ${issuer}`,
      'client: { id: harness-client, secret: "${env:HT_SECRET}", authMethods: [client_secret_basic, client_secret_post] }',
      'scope: read',
      'expect: { tokenLifetime: 3600 }',
      'limits: { ratePerSecond: 0 }',
      'secondClient: { id: harness-client-2, secret: "${env:HT_SECRET_2}", disallowedScope: write }',
      'noGrantClient: { id: harness-no-grant, secret: "${env:HT_SECRET_NO_GRANT}" }',
      `privateKeyJwt: { clientId: harness-pkjwt, privateKey: "\${file:${join(root, 'fixtures', 'keys', 'harness-pkjwt.private.jwk.json')}}" }`,
      `resource: { url: "${issuer}/resource", scope: read, insufficientScope: write }`,
      '',
    ].join('\n'),
  );
  return file;
}

/** CPU seconds of a finished process tree: the waiting shell's cutime + cstime (fields 16 and 17 of /proc/PID/stat). */
function childrenCpu(stat: string | undefined): number | undefined {
  if (!stat || process.platform !== 'linux') return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}

async function runOnce(root: string, target: string, reportDir: string): Promise<RunCost> {
  const t0 = performance.now();
  const child = spawn(
    '/bin/sh',
    ['-c', '"$@" >/dev/null 2>&1; code=$?; cat /proc/$$/stat; exit $code', 'sh', process.execPath, 'bin/idp-conformance.js', 'run'].concat([
      '--target',
      target,
      '--report-dir',
      reportDir,
      '--quiet',
    ]),
    { cwd: root, env: { ...process.env, ...SECRETS }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { wallS: (performance.now() - t0) / 1000, cpuS: childrenCpu(out.trim().split('\n').at(-1)), code };
}

/**
 * One passing and one failing run, back to back, each against its own mock (started by `startMock(args)`, which
 * resolves to the issuer and returns how to stop it).
 */
export async function failingRunCost(
  root: string,
  startMock: (extra: string[]) => { ready: Promise<string>; stop(): Promise<void> },
): Promise<{ passing: RunCost; failing: RunCost; ratio: number }> {
  const measure = async (faults: string[]) => {
    const mock = startMock(faults.flatMap((f) => ['--fault', f]));
    const dir = mkdtempSync(join(tmpdir(), 'idp-conformance-bench-failing-'));
    try {
      const issuer = await mock.ready;
      return await runOnce(root, targetFile(dir, issuer, root), join(dir, 'reports'));
    } finally {
      await mock.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const passing = await measure([]);
  const failing = await measure(FAULTS);
  const ratio = passing.cpuS && failing.cpuS ? failing.cpuS / passing.cpuS : failing.wallS / passing.wallS;
  return { passing, failing, ratio };
}

export function failingRunLine(m: Awaited<ReturnType<typeof failingRunCost>>): string {
  const cpu = (c: RunCost) => (c.cpuS === undefined ? 'CPU not measured' : `CPU ${c.cpuS.toFixed(1)} s`);
  const verdict = m.ratio <= FAILING_RUN_TARGET && m.passing.code === 0 && m.failing.code === 1 ? 'PASS' : 'MISS';
  return `  ${verdict.padEnd(5)} ${`failing run ≤ ${FAILING_RUN_TARGET} × passing run (CPU)`.padEnd(44)} measured ${m.ratio.toFixed(2)}× (passing: ${cpu(m.passing)}, ${m.passing.wallS.toFixed(1)} s wall, exit ${m.passing.code}; failing: ${cpu(m.failing)}, ${m.failing.wallS.toFixed(1)} s wall, exit ${m.failing.code})`;
}
