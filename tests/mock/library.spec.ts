// The library API as a user imports it: the package entry point (`import … from 'idp-conformance'`, the built
// dist/index.js) starts a mock that issues a token (RFC 6749 §4.4) and exposes the harness, renderers and gate.
import type * as Lib from '../../src/index.ts';
import { expect, test } from '@playwright/test';
import { FIXTURE_CONFIG } from './helpers.ts';

test('the package entry point starts a mock IdP over real HTTP and exports the harness, renderers and gate', async () => {
  // The entry point is typed from src/ (dist/ does not exist before the first build, and tsc runs first).
  const entry: string = 'idp-conformance';
  const lib = (await import(entry)) as typeof Lib;
  expect(Object.keys(lib)).toEqual(
    expect.arrayContaining(['startMockIdp', 'runConformance', 'writeReports', 'evaluateGate', 'loadPolicy', 'mergeReports']),
  );
  const idp = await lib.startMockIdp({ config: FIXTURE_CONFIG, port: 0 });
  try {
    const r = await fetch(idp.url('/token'), {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('harness-client-2:second-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(200);
    expect((await r.json()).token_type).toBe('Bearer');
  } finally {
    await idp.close();
  }
});
