// The compliance model contract: schema validation, summary verdicts, shard merging and spec links.
import { expect, test } from '@playwright/test';
import { InputError } from '../../lib/errors.ts';
import { parseComplianceReport, validateComplianceReport } from '../../src/report/load.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { COMPLIANCE_SCHEMA_VERSION } from '../../src/report/model.ts';
import { specReference, specUrl, specUrlsFor } from '../../src/report/spec-urls.ts';
import { summarize } from '../../src/report/summary.ts';
import { SAMPLE_RESULTS, sampleReport } from './fixtures/sample-report.ts';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const invalid = (mutate: (m: Record<string, any>) => void) => {
  const m = clone(sampleReport()) as Record<string, any>;
  mutate(m);
  return () => validateComplianceReport(m, 'bad.json');
};

test.describe('compliance.schema.json', () => {
  test('accepts the sample model with every level, outcome and evidence shape', () => {
    expect(validateComplianceReport(clone(sampleReport()), 'sample.json').results).toHaveLength(SAMPLE_RESULTS.length);
  });

  test('accepts a model without optional fields (no issuer, profile, suiteFile, line or evidence)', () => {
    const m = sampleReport(
      [{ checkId: 'a', title: 't', suite: 's', case: 'c', requirements: [], specUrls: [], level: 'MAY', outcome: 'pass', message: '' }],
      {
        target: { name: 'x' },
      },
    );
    expect(() => validateComplianceReport(m, 'min.json')).not.toThrow();
  });

  test('rejects an unknown outcome and names the file and JSON path', () => {
    expect(invalid((m) => (m.results[2].outcome = 'warning'))).toThrow(
      /bad\.json: \$\.results\[2\]\.outcome: must be one of "pass", "fail", "warn", "skip", "error"/,
    );
  });

  test('rejects a missing required field with its key', () => {
    expect(invalid((m) => delete m.summary.verdict)).toThrow(/bad\.json: \$\.summary: missing required key "verdict"/);
  });

  test('rejects an unknown top-level key (typos do not pass silently)', () => {
    expect(invalid((m) => (m.reslts = []))).toThrow(/\$\.reslts: unknown key/);
  });

  test('rejects a major schema version it cannot read', () => {
    expect(invalid((m) => (m.schemaVersion = '2.0'))).toThrow(/\$\.schemaVersion/);
  });

  test('rejects an Authorization header in evidence (evidence must be redacted, RFC 6749 §2.3.1 credentials)', () => {
    expect(invalid((m) => (m.results[0].evidence.headers = { Authorization: 'Basic Zm9vOmJhcg==' }))).toThrow(
      /\$\.results\[0\]\.evidence\.headers: header "Authorization" must never be recorded/,
    );
  });

  test('schema 1.1: request evidence keeps Authorization as scheme + marker only, and a curl line holds no credential', () => {
    const withRequest = (authorization: string) => (m: Record<string, any>) =>
      (m.results[0].evidence.request = {
        method: 'POST',
        url: 'https://idp.example.test/token',
        headers: { Authorization: authorization },
      });
    expect(invalid(withRequest('Basic [redacted:authorization]'))).not.toThrow();
    expect(invalid(withRequest('Bearer [redacted:token sha256:0123456789ab]'))).not.toThrow();
    expect(invalid(withRequest('Basic Zm9vOmJhcg=='))).toThrow(
      /\$\.results\[0\]\.evidence\.request\.headers\.Authorization: must match pattern/,
    );
    expect(invalid((m) => (m.results[0].evidence.curl = "curl -H 'Authorization: Bearer abcdefgh12345678'"))).toThrow(
      /\$\.results\[0\]\.evidence\.curl/,
    );
    expect(invalid((m) => (m.results[0].evidence.elapsedMs = -1))).toThrow(/elapsedMs/);
  });

  test('a 1.0 report (before request evidence) still loads, renders and merges with a 1.1 shard into a 1.1 report', async () => {
    const old = clone(sampleReport()) as Record<string, any>;
    old.schemaVersion = '1.0';
    for (const r of old.results) if (r.evidence) for (const k of ['request', 'elapsedMs', 'curl']) delete r.evidence[k];
    const loaded = parseComplianceReport(JSON.stringify(old), 'old.json');
    const { renderHtml } = await import('../../src/report/formats/html.ts');
    expect(renderHtml(loaded)).toContain('POST https://idp.example.test/oauth2/token →');
    const shard = sampleReport(SAMPLE_RESULTS.map((r) => ({ ...r, case: `${r.case}-2` })));
    const merged = mergeReports([loaded, shard]);
    expect(merged.schemaVersion).toBe(COMPLIANCE_SCHEMA_VERSION);
    expect(merged.results).toHaveLength(2 * SAMPLE_RESULTS.length);
    expect(() => validateComplianceReport(merged, 'merged.json')).not.toThrow();
    expect(mergeReports([shard, loaded]).schemaVersion).toBe(COMPLIANCE_SCHEMA_VERSION);
  });

  test('rejects an absolute suiteFile (SARIF needs repo-relative paths)', () => {
    expect(invalid((m) => (m.results[0].suiteFile = '/home/ci/suites/token.yaml'))).toThrow(
      /suiteFile: must be a repository-relative path/,
    );
  });

  test('reports invalid JSON with file, line and column', () => {
    expect(() => parseComplianceReport('{\n  "schemaVersion": "1.0",\n  oops\n}', 'broken.json')).toThrow(
      /^broken\.json:3:\d+: invalid JSON/,
    );
    expect(() => parseComplianceReport('{', 'broken.json')).toThrow(InputError);
  });
});

test.describe('summarize', () => {
  const r = SAMPLE_RESULTS[0]!;
  test('any failure makes the run not-conformant, even with errors', () => {
    expect(
      summarize([
        { ...r, outcome: 'fail' },
        { ...r, outcome: 'error' },
      ]).verdict,
    ).toBe('not-conformant');
  });
  test('errors without failures make the run could-not-test', () => {
    expect(
      summarize([
        { ...r, outcome: 'pass' },
        { ...r, outcome: 'error' },
      ]).verdict,
    ).toBe('could-not-test');
  });
  test('warnings and skips alone are conformant', () => {
    const s = summarize([{ ...r, outcome: 'warn' }, { ...r, outcome: 'skip' }, r]);
    expect(s).toEqual({ total: 3, passed: 1, failed: 0, warned: 1, skipped: 1, errors: 0, verdict: 'conformant' });
  });
});

test.describe('mergeReports (sharded runs)', () => {
  const [a, b, c] = SAMPLE_RESULTS;
  test('unions results, keeps the most severe duplicate, recomputes the summary and spans the shards in time', () => {
    const shard1 = sampleReport([a!, { ...b!, outcome: 'pass' }], { startedAt: '2026-11-20T10:00:05.000Z', durationMs: 1000 });
    const shard2 = sampleReport([b!, c!], { startedAt: '2026-11-20T10:00:00.000Z', durationMs: 3000 });
    const merged = mergeReports([shard1, shard2]);
    expect(merged.results.map((r) => `${r.checkId}:${r.outcome}`)).toEqual([
      `${a!.checkId}:pass`,
      `${b!.checkId}:fail`,
      `${c!.checkId}:warn`,
    ]);
    expect(merged.summary).toMatchObject({ total: 3, passed: 1, failed: 1, warned: 1, verdict: 'not-conformant' });
    expect(merged.startedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(merged.durationMs).toBe(6000);
  });
  test('keeps the same check id in different cases apart', () => {
    const merged = mergeReports([sampleReport([a!]), sampleReport([{ ...a!, case: 'other-case' }])]);
    expect(merged.results).toHaveLength(2);
  });
  test('refuses to merge reports of different targets', () => {
    expect(() => mergeReports([sampleReport(), sampleReport(undefined, { target: { name: 'prod' } })])).toThrow(/different targets/);
  });
});

test.describe('spec-urls prefix table', () => {
  test('RFC section ids link to rfc-editor section anchors (RFC 6749 §5.2)', () => {
    expect(specUrl('RFC6749-5.2')).toBe('https://www.rfc-editor.org/rfc/rfc6749#section-5.2');
    expect(specUrl('RFC9068-2.2.3')).toBe('https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3');
  });
  test('RFC appendix ids link to appendix anchors (RFC 6749 Appendix A, B)', () => {
    expect(specUrl('RFC6749-A')).toBe('https://www.rfc-editor.org/rfc/rfc6749#appendix-A');
    expect(specReference('RFC6749-B')?.label).toBe('RFC 6749 Appendix B');
  });
  test('OpenID Connect Discovery ids link to the OpenID spec section', () => {
    expect(specUrl('OIDC-DISCOVERY-4.3')).toBe('https://openid.net/specs/openid-connect-discovery-1_0.html#section-4.3');
  });
  test('vendor ids link to the vendor document, longest prefix first, unknown vendors get none', () => {
    expect(specUrl('VENDOR-SERVICENOW-REVOKE')).toMatch(/t_RevokeOAuthToken\.html$/);
    expect(specUrl('VENDOR-SERVICENOW-ANYTHING')).toMatch(/configure-an-oauth-client-credential-grant\.html$/);
    expect(specUrl('VENDOR-ACME-FOO')).toBeUndefined();
  });
  test('catalogue ids resolve through their primary RFC section', () => {
    expect(specUrl('CC-RESP-CACHE-HEADERS')).toBe('https://www.rfc-editor.org/rfc/rfc6749#section-5.1');
  });
  test('malformed or unknown ids get no link rather than a wrong one', () => {
    expect(specUrl('RFC6749-5.x')).toBeUndefined();
    expect(specUrl('NOPE-1')).toBeUndefined();
    expect(specUrlsFor(['RFC6749-5.1', 'CC-RESP-JSON', 'NOPE'])).toEqual(['https://www.rfc-editor.org/rfc/rfc6749#section-5.1']);
  });
});
