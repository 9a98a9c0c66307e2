// A broken IdP is reported, not blamed on the user (issue #12 item 8): metadata without token_endpoint
// (REQUIRED, RFC 8414 §2) is a MUST failure of the metadata suite in a report, exit 1, with every case that needs
// a token skipped and saying why — not "invalid input", exit 2. The mock's discovery-no-token-endpoint fault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, SECRETS, startMock, tempDir } from './helpers.ts';

test.setTimeout(180_000);

test('metadata without token_endpoint: meta.token-endpoint-present fails (MUST, RFC 8414 §2), token cases skip with the reason, exit 1', async () => {
  const mock = await startMock();
  try {
    mock.admin.enableFault({ name: 'discovery-no-token-endpoint' });
    const dir = tempDir('no-token-endpoint');
    const res = await cli(
      [
        'run',
        '--target-url',
        mock.issuer,
        '--client-id',
        'harness-client-2',
        '--client-secret-env',
        'SECRET',
        '--suite',
        'suites/rfc8414-metadata.suite.yaml',
        'suites/rfc6749-client-credentials.suite.yaml',
        '--report-dir',
        dir,
        '--quiet',
      ],
      { SECRET: SECRETS.second },
    );
    expect(res.stderr).not.toContain('invalid input');
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const result = (id: string) => report.results.find((r) => r.checkId === id);
    expect(result('meta.token-endpoint-present')).toMatchObject({ outcome: 'fail', level: 'MUST' });
    expect(report.summary.verdict).toBe('not-conformant');
    expect(result('cc.basic.status-200')).toMatchObject({
      outcome: 'skip',
      message: 'skipped: no token endpoint: the metadata has no token_endpoint (REQUIRED, RFC 8414 §2) and endpoints.token is not set',
    });
    // The rest of the metadata document is still judged.
    expect(result('meta.issuer-identical')?.outcome).toBe('pass');
    expect(report.results.filter((r) => r.suite === 'rfc6749-client-credentials').every((r) => r.outcome === 'skip')).toBe(true);
  } finally {
    await mock.close();
  }
});
