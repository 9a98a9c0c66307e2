// The harness's own Playwright configuration (separate from the project's test config). `idp-conformance run`
// passes everything through the environment: the plan file, the report directory, workers, blob mode and the
// console reporter's settings.
import { basename, dirname, resolve } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { harnessFile } from './files.ts';
import type { ConsoleReporterOptions } from './console-reporter.ts';

const env = process.env;
const reportDir = resolve(env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports');
const compliance: ReporterDescription = [harnessFile('compliance-reporter'), { reportDir }];
// `run --reporter list`: Playwright's own list (dot with --quiet); otherwise ours.
const consoleOptions: ConsoleReporterOptions = {
  quiet: Boolean(env.IDP_CONFORMANCE_QUIET),
  color: env.IDP_CONFORMANCE_COLOR === '1',
  tty: env.IDP_CONFORMANCE_TTY === '1',
};
const console: ReporterDescription =
  env.IDP_CONFORMANCE_REPORTER === 'list' ? [consoleOptions.quiet ? 'dot' : 'list'] : [harnessFile('console-reporter'), consoleOptions];

export default defineConfig({
  testDir: dirname(harnessFile('conformance.spec')),
  testMatch: basename(harnessFile('conformance.spec')),
  fullyParallel: true,
  workers: Number(env.IDP_CONFORMANCE_WORKERS ?? 2),
  retries: 0,
  timeout: 120_000,
  // The run-wide deadline (`run --timeout`): Playwright's runner enforces it even when a worker is stuck in
  // synchronous code, and the compliance reporter still writes what was evaluated (issue #15).
  globalTimeout: Number(env.IDP_CONFORMANCE_DEADLINE_MS ?? 0),
  // Playwright's per-test folders go to the run's temporary directory, which `run` removes: nothing of them belongs
  // in the reports (issue #12: empty folders and error-context.md files under reports/test-results).
  outputDir: resolve(env.IDP_CONFORMANCE_OUTPUT_DIR ?? resolve(reportDir, 'test-results')),
  // Shards write blobs; `idp-conformance run --merge DIR` rebuilds compliance.json from them. The shard's own
  // compliance model (in a temporary directory) gives its exit code.
  reporter: env.IDP_CONFORMANCE_BLOB ? [['blob', { outputDir: env.IDP_CONFORMANCE_BLOB }], console, compliance] : [console, compliance],
  // No traces, screenshots or videos: requests carry credentials, and the redacted check attachments are the
  // evidence (issue #4 "Secrets never leave").
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
