// Request pacing (issue #12): a loopback target (a local mock) is not rate-limited unless its target file asks
// for it; any other target keeps the shared default budget, so a real IdP is never hammered.
import { expect, test } from '@playwright/test';
import { DEFAULT_LIMITS } from '../../harness/http.ts';
import { limitsOf } from '../../harness/target.ts';

const client = { id: 'c', secret: '${env:S}' };

test('loopback targets (127.0.0.0/8, ::1, localhost) get no rate limit by default', () => {
  for (const issuer of ['http://127.0.0.1:9400', 'http://localhost:8080/realm', 'http://[::1]:9400'])
    expect(limitsOf({ issuer, client }).ratePerSecond, issuer).toBe(0);
  expect(limitsOf({ issuer: 'https://idp.example', client, endpoints: { token: 'http://127.0.0.1:1/token' } }).ratePerSecond).toBe(0);
});

test('other targets keep the default rate limit, and a target file`s limits.ratePerSecond always wins', () => {
  expect(DEFAULT_LIMITS.ratePerSecond).toBeGreaterThan(0);
  expect(limitsOf({ issuer: 'https://idp.example', client }).ratePerSecond).toBe(DEFAULT_LIMITS.ratePerSecond);
  expect(limitsOf({ discovery: 'https://idp.example/.well-known/openid-configuration', client }).ratePerSecond).toBe(
    DEFAULT_LIMITS.ratePerSecond,
  );
  expect(limitsOf({ issuer: 'http://127.0.0.1:9400', client, limits: { ratePerSecond: 3 } }).ratePerSecond).toBe(3);
});
