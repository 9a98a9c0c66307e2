// Skip reasons say in plain words what is missing and what provides it (issue #12 item 4): a suite value the target
// does not give (${target.tokenLifetime}) or an earlier response did not contain (${capture.token}) used to leak
// template syntax ("${capture.token} is not defined for this target") into compliance.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expand, TemplateError, type Vars } from '../../harness/template.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli, SECRETS, startMock, tempDir } from './helpers.ts';

test.setTimeout(180_000);

const skipReason = (text: string, vars: Vars): string => {
  try {
    expand(text, vars);
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
  throw new Error(`${text} expanded`);
};

test('a target value the target file does not give names the setting that provides it', () => {
  const vars: Vars = { target: {}, capture: {} };
  expect(skipReason('${target.tokenLifetime}', vars)).toBe(
    'needs the expected token lifetime (target.tokenLifetime), which this target does not give: add expect.tokenLifetime (seconds) to the target file',
  );
  expect(skipReason('x ${target.insufficientScope}', vars)).toMatch(/add resource\.insufficientScope to the target file$/);
  expect(skipReason('${capture.at}', vars)).toBe('needs a value from an earlier request of this case (capture.at), which was not captured');
  const withSource: Vars = { ...vars, uncaptured: { token: { from: '$.token_endpoint of the "oidc" discovery response', status: 200 } } };
  expect(skipReason('${capture.token}', withSource)).toBe(
    'needs a value from an earlier response (capture.token: $.token_endpoint of the "oidc" discovery response), which that response (HTTP 200) did not contain',
  );
});

test('a run against the mock: no skip reason shows template syntax; the lifetime and capture skips name what is missing (RFC 8414 §2 token_endpoint absent)', async () => {
  const mock = await startMock();
  try {
    // The metadata lacks token_endpoint (REQUIRED, RFC 8414 §2), so the consistency check has no value to compare;
    // the target file gives the token endpoint but no expect.tokenLifetime.
    mock.admin.enableFault({ name: 'discovery-no-token-endpoint' });
    const dir = tempDir('skip-reasons');
    const target = join(dir, 'target.yaml');
    writeFileSync(
      target,
      [
        'name: skip reasons',
        `issuer: ${mock.issuer}`,
        `endpoints:\n  token: ${mock.url('/token')}`,
        'client:\n  id: harness-client-2\n  secret: ${env:SKIP_SECRET}\n  authMethods: [client_secret_basic, client_secret_post]',
        'scope: read',
        'limits:\n  ratePerSecond: 0',
        '',
      ].join('\n'),
    );
    const res = await cli(
      [
        'run',
        '--target',
        target,
        '--suite',
        'suites/rfc8414-metadata.suite.yaml',
        'suites/rfc6749-client-credentials.suite.yaml',
        '--report-dir',
        join(dir, 'r'),
        '--quiet',
      ],
      { SKIP_SECRET: SECRETS.second },
    );
    expect(res.code, res.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'r', 'compliance.json'), 'utf8')) as ComplianceReport;
    const skipped = report.results.filter((r) => r.outcome === 'skip');
    expect(skipped.filter((r) => r.message.includes('${')).map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    expect(report.results.find((r) => r.checkId === 'cc.resp.expires-in-expected')).toMatchObject({
      outcome: 'skip',
      message:
        'skipped: needs the expected token lifetime (target.tokenLifetime), which this target does not give: add expect.tokenLifetime (seconds) to the target file',
    });
    expect(report.results.find((r) => r.checkId === 'meta.consistent-token-endpoint')).toMatchObject({
      outcome: 'skip',
      message:
        'skipped: needs a value from an earlier response (capture.token: $.token_endpoint of the "oidc" discovery response), which that response (HTTP 200) did not contain',
    });
  } finally {
    await mock.close();
  }
});
