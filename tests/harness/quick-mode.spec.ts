// Quick mode (`run --target-url URL --client-id ID --client-secret-env NAME`): discovery from the issuer alone,
// the secret by environment variable only (issue #4 "Targets").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { run, SECRETS, startMock, tempDir } from './helpers.ts';

test.setTimeout(120_000);

test('quick mode without a scope still repeats a parameter: a repeated scope gets invalid_request (RFC 6749 §3.2, §5.2)', async () => {
  const mock = await startMock();
  try {
    process.env.QUICK_MODE_SECRET = SECRETS.second;
    const dir = tempDir('quick');
    const { code } = await run({
      targetUrl: mock.issuer,
      clientId: 'harness-client-2',
      clientSecretEnv: 'QUICK_MODE_SECRET',
      suite: ['suites/rfc6749-client-credentials.suite.yaml'],
      grep: 'token-repeated-scope|token-valid',
      reportDir: dir,
    });
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const outcome = (id: string) => report.results.find((r) => r.checkId === id)?.outcome;
    expect(outcome('cc.dup-param.scope-status')).toBe('pass');
    expect(outcome('cc.dup-param.scope-error')).toBe('pass');
    expect(report.summary.failed).toBe(0);
    expect(code).toBe(0);
  } finally {
    await mock.close();
  }
});
