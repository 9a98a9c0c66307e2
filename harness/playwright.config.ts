// The harness's own Playwright configuration (separate from the project's test config). `idp-conformance run`
// passes everything through the environment: the plan file, the report directory, workers and blob mode.
import { basename, dirname, join, resolve } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { harnessFile } from './files.ts';

const reportDir = resolve(process.env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports');
const compliance: ReporterDescription = [harnessFile('compliance-reporter'), { reportDir }];
const console: ReporterDescription = process.env.IDP_CONFORMANCE_QUIET ? ['dot'] : ['list'];

export default defineConfig({
  testDir: dirname(harnessFile('conformance.spec')),
  testMatch: basename(harnessFile('conformance.spec')),
  fullyParallel: true,
  workers: Number(process.env.IDP_CONFORMANCE_WORKERS ?? 2),
  retries: 0,
  timeout: 120_000,
  // The run-wide deadline (`run --timeout`): Playwright's runner enforces it even when a worker is stuck in
  // synchronous code, and the compliance reporter still writes what was evaluated (issue #15).
  globalTimeout: Number(process.env.IDP_CONFORMANCE_DEADLINE_MS ?? 0),
  outputDir: join(reportDir, 'test-results'),
  // Shards write blobs; `idp-conformance run --merge DIR` rebuilds compliance.json from them.
  reporter: process.env.IDP_CONFORMANCE_BLOB ? [['blob', { outputDir: process.env.IDP_CONFORMANCE_BLOB }], console] : [console, compliance],
  // No traces, screenshots or videos: requests carry credentials, and the redacted check attachments are the
  // evidence (issue #4 "Secrets never leave").
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
