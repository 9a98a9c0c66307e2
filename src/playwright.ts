// `idp-conformance/playwright`: Playwright Test's `test` with a `mockIdp` fixture, a mock IdP configured by
// fixture options (`test.use({ idpProfile: 'servicenow' })`, top level or in a describe block). By default a worker
// starts one mock per distinct set of options, on first use, and its tests share it; `idpScope: 'test'` gives each
// test its own.
import { test as base } from '@playwright/test';
import type { ClientConfig, MockConfig } from '../mock-idp/config.ts';
import { DEFAULTS, type SigningAlg } from '../mock-idp/defaults.ts';
import type { FaultSpec } from '../mock-idp/faults/engine.ts';
import { startMockIdp, type MockIdp, type MockIdpOptions } from '../mock-idp/index.ts';
import { InputError } from '../lib/errors.ts';

/**
 * The client a fixture mock has when `idpClients` is not set (and `idpOptions.config` gives none): the mock's own
 * default, the one `idp-conformance mock` documents (mock-client / mock-secret), with the scope and role the
 * profile's sample resource asks for.
 */
export const DEFAULT_CLIENT: { readonly id: string; readonly secret: string } = DEFAULTS.client;

export interface MockIdpFixtureOptions {
  /** Vendor profile (README "Vendor profiles"); default generic. */
  idpProfile: string | undefined;
  /** The mock's clients (mock config `clients:`); default one client, DEFAULT_CLIENT. */
  idpClients: ClientConfig[] | undefined;
  /** Faults switched on at start (docs/faults.md), e.g. [{ name: 'rate-limited', when: { nth: 2 } }]. */
  idpFaults: FaultSpec[] | undefined;
  /** Token format, signing algorithm and lifetime (mock config `tokens:`). */
  idpTokens: { format?: 'jwt' | 'opaque'; alg?: SigningAlg; lifetime?: number } | undefined;
  /** Serve over HTTPS with a certificate made at start; trust `mockIdp.ca`. */
  idpTls: boolean;
  /**
   * 'worker' (default): the worker's tests with the same options share one mock (state they change, e.g. the clock,
   * clients or faults, is seen by the next test); 'test': a fresh mock for every test.
   */
  idpScope: 'worker' | 'test';
  /** Any other startMockIdp option (a config file, quirks, strict, …); the options above win over it. */
  idpOptions: MockIdpOptions;
}

/** The worker's mocks, one per distinct set of options (so `test.use` in a describe block shares too). */
type WorkerFixtures = { _idpPool: { get(options: MockIdpFixtureOptions): Promise<MockIdp> } };

function optionsOf(o: MockIdpFixtureOptions): MockIdpOptions {
  const given = o.idpOptions;
  const fileConfig = typeof given.config === 'string' ? given.config : undefined;
  // A file's relative paths resolve from the file: merging it into an object here would break them.
  if (fileConfig && (o.idpClients || o.idpTokens))
    throw new InputError('idpClients / idpTokens with idpOptions.config as a file: put them in the file, or pass the config as an object');
  const config: MockConfig = typeof given.config === 'object' ? { ...given.config } : {};
  // Without clients the mock starts with its own default client (DEFAULT_CLIENT).
  if (o.idpClients) config.clients = o.idpClients;
  if (o.idpTokens) config.tokens = { ...config.tokens, ...o.idpTokens };
  return {
    port: 0,
    ...given,
    config: fileConfig ?? config,
    ...(o.idpProfile ? { profile: o.idpProfile } : {}),
    ...(o.idpFaults ? { faults: [...(given.faults ?? []), ...o.idpFaults] } : {}),
    ...(o.idpTls ? { tls: true } : {}),
  };
}

export const test = base.extend<MockIdpFixtureOptions & { mockIdp: MockIdp }, WorkerFixtures>({
  idpProfile: [undefined, { option: true }],
  idpClients: [undefined, { option: true }],
  idpFaults: [undefined, { option: true }],
  idpTokens: [undefined, { option: true }],
  idpTls: [false, { option: true }],
  idpScope: ['worker', { option: true }],
  idpOptions: [{}, { option: true }],
  _idpPool: [
    async ({}, use) => {
      const pool = new Map<string, Promise<MockIdp>>();
      await use({
        get: (options) => {
          const key = JSON.stringify(options);
          let idp = pool.get(key);
          if (!idp) pool.set(key, (idp = startMockIdp(optionsOf(options))));
          return idp;
        },
      });
      await Promise.all([...pool.values()].map((p) => p.then((idp) => idp.close()).catch(() => undefined)));
    },
    { scope: 'worker' },
  ],
  mockIdp: async ({ _idpPool, idpProfile, idpClients, idpFaults, idpTokens, idpTls, idpScope, idpOptions }, use) => {
    const options = { idpProfile, idpClients, idpFaults, idpTokens, idpTls, idpScope, idpOptions };
    if (idpScope === 'worker') return use(await _idpPool.get(options));
    const idp = await startMockIdp(optionsOf(options));
    try {
      await use(idp);
    } finally {
      await idp.close();
    }
  },
});

export { expect } from '@playwright/test';
export type { MockIdp, MockIdpOptions } from '../mock-idp/index.ts';
export type { ClientConfig } from '../mock-idp/config.ts';
