// Used with `playwright merge-reports`: rebuild compliance.json from the blob reports of every shard.
import { dirname, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { harnessFile } from './files.ts';

const reportDir = resolve(process.env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports');

export default defineConfig({
  testDir: dirname(harnessFile('conformance.spec')),
  reporter: [['dot'], [harnessFile('compliance-reporter'), { reportDir }]],
});
