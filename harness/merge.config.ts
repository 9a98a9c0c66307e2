// Used with `playwright merge-reports`: rebuild compliance.json from the blob reports of every shard. The console
// reporter lists only the cases with a failure (each shard already printed its lines); `run` prints the rest.
import { dirname, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { harnessFile } from './files.ts';
import type { ConsoleReporterOptions } from './console-reporter.ts';

const reportDir = resolve(process.env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports');
const consoleOptions: ConsoleReporterOptions = { quiet: true, color: process.env.IDP_CONFORMANCE_COLOR === '1' };

export default defineConfig({
  testDir: dirname(harnessFile('conformance.spec')),
  reporter: [
    [harnessFile('console-reporter'), consoleOptions],
    [harnessFile('compliance-reporter'), { reportDir }],
  ],
});
