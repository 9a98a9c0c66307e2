// Used with `playwright merge-reports`: rebuild compliance.json from the blob reports of every shard.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));
const reportDir = resolve(process.env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports');

export default defineConfig({
  testDir: here,
  reporter: [['dot'], [join(here, 'compliance-reporter.ts'), { reportDir }]],
});
