// Runs the report, gate and summary steps of docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml exactly as
// written (bash, an `npx` shim that calls this checkout's CLI), against a generated compliance.json. The `run`
// step itself is replaced by a stand-in that writes a report and exits with a chosen code.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ComplianceReport } from '../../src/report/model.ts';
import { CLI_ENTRY, ROOT, writeJson } from './helpers.ts';
import { sampleReport, withOutcomes } from './fixtures/sample-report.ts';

const RUN_COMMAND = 'npx idp-conformance run --target targets/staging.yaml --report-dir reports --policy policy.yaml';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

/** A workspace with policy.yaml, a stand-in `run` and `npx idp-conformance` pointing at this checkout. */
function workspace(runReport: ComplianceReport | undefined, runExit: number) {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-ci-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'policy.yaml'), 'levels: { MUST: fail, SHOULD: warn, MAY: info }\nwaivers: []\n');
  const fixture = runReport ? writeJson(join(dir, '.run-output.json'), runReport) : '';
  writeFileSync(
    join(bin, 'npx'),
    `#!/usr/bin/env bash
[ "$1" = idp-conformance ] || { echo "unexpected npx $1" >&2; exit 127; }
shift
if [ "$1" = run ]; then
  ${fixture ? `mkdir -p reports && cp '${fixture}' reports/compliance.json` : ':'}
  exit ${runExit}
fi
exec '${process.execPath}' '${CLI_ENTRY}' "$@"
`,
  );
  chmodSync(join(bin, 'npx'), 0o755);
  const summary = join(dir, 'step-summary.md');
  const exec = (script: string, extraEnv: Record<string, string> = {}) => {
    // GitHub's default shell: bash --noprofile --norc -eo pipefail
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary, ...extraEnv },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { dir, summary, exec };
}

test.describe('docs/ci/github-actions.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'docs/ci/github-actions.yml'), 'utf8'));
  const steps: Step[] = workflow.jobs.conformance.steps;
  const step = (pattern: RegExp) => {
    const found = steps.find((s) => s.run && pattern.test(s.run));
    if (!found) throw new Error(`no step runs ${pattern}`);
    return found;
  };

  test('runs the suites with the secret from the secret store, referenced only through the environment', () => {
    const run = step(/idp-conformance run /);
    expect(run.run).toContain(RUN_COMMAND);
    expect(run.env).toEqual({ IDP_CLIENT_SECRET: '${{ secrets.IDP_CLIENT_SECRET }}' });
    expect(steps.filter((s) => JSON.stringify(s).includes('secrets.'))).toHaveLength(1);
  });

  test('not conformant: run step passes the judgement on, summary is appended, reports are rendered, gate exits 1', () => {
    const ws = workspace(sampleReport(), 1);
    expect(ws.exec(step(/idp-conformance run /).run!).code).toBe(0);
    const render = ws.exec(step(/idp-conformance report /).run!);
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    for (const f of ['junit.xml', 'index.html', 'summary.md', 'ctrf.json', 'results.sarif'])
      expect(existsSync(join(ws.dir, 'reports', f)), f).toBe(true);
    expect(ws.exec(step(/GITHUB_STEP_SUMMARY/).run!).code).toBe(0);
    expect(readFileSync(ws.summary, 'utf8')).toContain('## IdP conformance: ❌ not conformant');
    const gate = ws.exec(step(/idp-conformance gate /).run!);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('FAIL   MUST token.cache-control-no-store');
  });

  test('conformant: the gate step exits 0', () => {
    const ws = workspace(withOutcomes({ fail: 'pass', error: 'pass' }), 0);
    ws.exec(step(/idp-conformance run /).run!);
    expect(ws.exec(step(/idp-conformance gate /).run!).code).toBe(0);
  });

  test('IdP unreachable before any report: the run step fails with exit 3 and the summary step does not break', () => {
    const ws = workspace(undefined, 3);
    expect(ws.exec(step(/idp-conformance run /).run!).code).toBe(3);
    expect(ws.exec(step(/GITHUB_STEP_SUMMARY/).run!).code).toBe(0);
  });

  test('publishes junit.xml and index.html and gates last', () => {
    const uses = steps.map((s) => (s as { uses?: string }).uses ?? '');
    expect(uses.some((u) => u.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(JSON.stringify(steps)).toContain('reports/junit.xml');
    expect(steps.at(-1)!.run).toMatch(/^npx idp-conformance gate reports\/compliance\.json --policy policy\.yaml/);
  });
});

test.describe('docs/ci/gitlab-ci.yml', () => {
  const job = parse(readFileSync(join(ROOT, 'docs/ci/gitlab-ci.yml'), 'utf8'))['idp-conformance'];
  const script: string[] = job.script;

  test('script lines run as written: not conformant exits 1 at the gate, conformant exits 0', () => {
    expect(script[0]).toContain(RUN_COMMAND);
    for (const [model, runExit, expected] of [
      [sampleReport(), 1, 1],
      [withOutcomes({ fail: 'pass', error: 'pass' }), 0, 0],
    ] as const) {
      const ws = workspace(model, runExit);
      // GitLab runs script lines in one shell and stops at the first failing line.
      const r = ws.exec(script.join('\n'));
      expect(r.code, r.stderr).toBe(expected);
      expect(existsSync(join(ws.dir, 'reports/summary.md'))).toBe(true);
    }
  });

  test('a run that fails before writing a report fails the job with its exit code (2 invalid target)', () => {
    const ws = workspace(undefined, 2);
    expect(ws.exec(script.join('\n')).code).toBe(2);
  });

  test('publishes junit.xml as the test report, index.html as an exposed artifact, and posts summary.md as an MR note', () => {
    expect(job.artifacts.reports.junit).toBe('reports/junit.xml');
    expect(job.artifacts.paths).toContain('reports/index.html');
    expect(job.artifacts.when).toBe('always');
    expect(job.after_script.join('\n')).toMatch(/body@reports\/summary\.md.*\n?.*merge_requests\/\$CI_MERGE_REQUEST_IID\/notes/s);
  });
});
