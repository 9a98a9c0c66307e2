// `idp-conformance run --tls` (issue #10 item 3): the embedded mock over real HTTPS, verification on, so the
// https-scheme checks of RFC 8414 §2 and RFC 6749 §3.1/§3.2 judge it instead of being skipped. The CLI is started
// trusting nothing extra: it makes the certificate and trusts it itself (src/tls-trust.ts).
import { expect, test } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

const METADATA_SUITE = join(ROOT, 'suites', 'rfc8414-metadata.suite.yaml');
/** What the test runner's own trust would give the child (playwright.config.ts): emptied, so the CLI starts untrusting. */
const UNTRUSTED = { NODE_EXTRA_CA_CERTS: '', IDP_CONFORMANCE_TRUSTED_TLS: '' };

test('run --tls: the embedded mock is served over https and meta.issuer-https, meta.endpoints-https, meta.jwks-uri-https pass (RFC 8414 §2)', async () => {
  const dir = tempDir('run-tls');
  try {
    const r = await cli(['run', '--tls', '--suite', METADATA_SUITE, '--report-dir', dir, '--quiet'], UNTRUSTED);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/embedded mock IdP \(generic\) at https:\/\/127\.0\.0\.1:\d+/);
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const outcome = Object.fromEntries(report.results.map((x) => [x.checkId, x.outcome]));
    expect({
      issuer: outcome['meta.issuer-https'],
      endpoints: outcome['meta.endpoints-https'],
      jwks: outcome['meta.jwks-uri-https'],
    }).toEqual({ issuer: 'pass', endpoints: 'pass', jwks: 'pass' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without --tls the same checks are skipped, naming why (the plain-http loopback mock)', async () => {
  const dir = tempDir('run-no-tls');
  try {
    const r = await cli(['run', '--suite', METADATA_SUITE, '--report-dir', dir, '--quiet'], UNTRUSTED);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const https = report.results.find((x) => x.checkId === 'meta.endpoints-https')!;
    expect(https.outcome).toBe('skip');
    expect(https.message).toContain('run --tls');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run --tls with a target is invalid input (exit 2 naming the flag): it serves the embedded mock only', async () => {
  const r = await cli(['run', '--tls', '--target-url', 'https://idp.example.com', '--client-id', 'c', '--client-secret-env', 'X'], {
    X: 'x',
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--tls applies to the embedded mock only');
});
