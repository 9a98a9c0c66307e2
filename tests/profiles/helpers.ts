// Helpers for the vendor-profile tests: start a mock with a profile on port 0 (closed after the test), and
// speak to it over HTTP with the shared helpers of tests/mock.
import { test as base } from '@playwright/test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startMockIdp, type MockIdp, type MockIdpOptions } from '../../mock-idp/index.ts';

export { basic, claims, formEncode, get, header, postForm, rawBasic, type Reply } from '../mock/helpers.ts';
export { expect } from '@playwright/test';

/** `mock(options)` starts a mock (port 0) that is closed when the test ends; each test moves its own clock. */
export const test = base.extend<{ mock: (options: MockIdpOptions) => Promise<MockIdp> }>({
  mock: async ({}, use) => {
    const started: MockIdp[] = [];
    await use(async (options) => {
      const idp = await startMockIdp({ port: 0, ...options });
      started.push(idp);
      return idp;
    });
    await Promise.all(started.map((idp) => idp.close()));
  },
});

/** The origin of a mock (the sample resource lives under it, not under a profile's issuer path). */
export const origin = (idp: MockIdp): string => new URL(idp.issuer).origin;

/** Verify a JWT access token against the mock's JWKS at a path under the issuer. */
export async function verifyWithJwks(idp: MockIdp, jwksPath: string, token: string, headers: Record<string, string> = {}) {
  const jwks = await (await fetch(idp.url(jwksPath), { headers })).json();
  return jwtVerify(token, createLocalJWKSet(jwks));
}
