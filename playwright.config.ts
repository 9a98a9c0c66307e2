// Project test configuration (`npm test`): every test talks to a real mock over HTTP on port 0, and the
// browser tests drive the Chromium that scripts/browser.mjs finds (`npm test` obtains one first when there is none).
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from './scripts/browser.mjs';
import { makeTrustedTls, trustedTls } from './src/tls-trust.ts';

// The mocks started by the tests cache their generated keys here, not in the developer's own ~/.cache.
process.env.IDP_CONFORMANCE_KEY_CACHE ??= join(tmpdir(), 'idp-conformance-test-key-cache');
// The mutation runner and `run --tls` serve the embedded mock over HTTPS with a certificate their process trusts
// from its start (src/tls-trust.ts): made here, before the workers start, removed by tests/global-teardown.ts.
if (!trustedTls()) Object.assign(process.env, makeTrustedTls().env, { IDP_CONFORMANCE_TEST_TLS_OWNER: String(process.pid) });

export default defineConfig({
  testDir: 'tests',
  globalSetup: './tests/global-setup.ts',
  globalTeardown: './tests/global-teardown.ts',
  timeout: 60_000,
  // Browser assertions wait up to 15 s: a CI machine's two cores are shared by the mocks, the harness and Chromium.
  expect: { timeout: 15_000 },
  // Playwright's own CI default: one retry, reported as flaky, so a load spike does not block a landing.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'test-results/junit.xml' }]] : 'list',
  use: {
    launchOptions: {
      executablePath: findChromium()?.executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
