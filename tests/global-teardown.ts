// Removes the certificate directory playwright.config.ts made for this test run (src/tls-trust.ts).
import { rmSync } from 'node:fs';
import { TRUSTED_TLS_ENV } from '../src/tls-trust.ts';

export default function globalTeardown(): void {
  const dir = process.env[TRUSTED_TLS_ENV];
  if (dir && process.env.IDP_CONFORMANCE_TEST_TLS_OWNER === String(process.pid)) rmSync(dir, { recursive: true, force: true });
}
