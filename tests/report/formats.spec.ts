// Every report format is rendered from the same fixture model and checked as its consumers read it: JUnit parsed
// as XML (Chromium's DOMParser), CTRF validated against the pinned CTRF schema, SARIF locations, Markdown text.
import { expect, test, type Page } from '@playwright/test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCtrf } from '../../src/report/formats/ctrf.ts';
import { renderJunit } from '../../src/report/formats/junit.ts';
import { renderMarkdown } from '../../src/report/formats/markdown.ts';
import { renderSarif } from '../../src/report/formats/sarif.ts';
import { ROOT } from './helpers.ts';
import { sampleReport } from './fixtures/sample-report.ts';

const model = sampleReport();

interface ParsedCase {
  name: string;
  classname: string;
  file: string | null;
  line: string | null;
  props: [string, string][];
  result: string | null;
  resultType: string | null;
  systemOut: string | null;
}

/** Parses JUnit XML with the browser's XML parser: a real parser, not a regex. */
async function parseJunit(page: Page, xml: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const error = doc.querySelector('parsererror');
    if (error) return { error: error.textContent, root: null, suites: [], cases: [] };
    const attrs = (el: Element) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
    const cases = [...doc.querySelectorAll('testcase')].map((tc) => {
      const result = tc.querySelector('failure, error, skipped');
      return {
        name: tc.getAttribute('name')!,
        classname: tc.getAttribute('classname')!,
        file: tc.getAttribute('file'),
        line: tc.getAttribute('line'),
        props: [...tc.querySelectorAll('property')].map((p) => [p.getAttribute('name')!, p.getAttribute('value')!] as [string, string]),
        result: result?.tagName ?? null,
        resultType: result?.getAttribute('type') ?? null,
        systemOut: tc.querySelector('system-out')?.textContent ?? null,
      };
    });
    return { error: null, root: attrs(doc.documentElement), suites: [...doc.querySelectorAll('testsuite')].map(attrs), cases };
  }, xml);
}

test.describe('JUnit XML', () => {
  test('one well-formed testcase per check with requirement, spec_url, level and outcome properties', async ({ page }) => {
    const parsed = await parseJunit(page, renderJunit(model));
    expect(parsed.error).toBeNull();
    expect(parsed.cases).toHaveLength(model.results.length);
    expect(parsed.root).toMatchObject({ tests: '10', failures: '2', errors: '1', skipped: '1' });
    expect(parsed.suites.map((s) => s.name)).toEqual(['token-endpoint', 'discovery', 'introspection']);
    const issuer = parsed.cases.find((c: ParsedCase) => c.name.startsWith('meta.issuer-identical'))!;
    expect(issuer).toMatchObject({ classname: 'discovery.metadata', file: 'suites/discovery.yaml', line: '8', result: null });
    expect(issuer.props).toEqual([
      ['check_id', 'meta.issuer-identical'],
      ['requirement', 'RFC8414-3.3'],
      ['requirement', 'OIDC-DISCOVERY-4.3'],
      ['spec_url', 'https://www.rfc-editor.org/rfc/rfc8414#section-3.3'],
      ['spec_url', 'https://openid.net/specs/openid-connect-discovery-1_0.html#section-4.3'],
      ['level', 'MUST'],
      ['outcome', 'pass'],
    ]);
  });

  test('MUST fail → <failure type="MUST">, error → <error>, skip → <skipped>, SHOULD warn → passing with system-out', async ({ page }) => {
    const { cases } = await parseJunit(page, renderJunit(model));
    const byId = (id: string) => cases.find((c: ParsedCase) => c.name.startsWith(`${id}:`))!;
    expect(byId('token.cache-control-no-store')).toMatchObject({ result: 'failure', resultType: 'MUST' });
    expect(byId('intro.active-boolean')).toMatchObject({ result: 'error' });
    expect(byId('meta.grant-types-cc')).toMatchObject({ result: 'skipped' });
    const warn = byId('token.expires-in');
    expect(warn.result).toBeNull();
    expect(warn.props).toContainEqual(['outcome', 'warn']);
    expect(warn.systemOut).toContain('[SHOULD warning] expires_in is absent');
  });

  test('under a strict policy SHOULD warnings become failures', async ({ page }) => {
    const parsed = await parseJunit(page, renderJunit(model, { strict: true }));
    expect(parsed.root).toMatchObject({ failures: '4' });
    expect(parsed.cases.find((c: ParsedCase) => c.name.startsWith('token.expires-in:'))).toMatchObject({
      result: 'failure',
      resultType: 'SHOULD',
    });
  });

  test('markup and control characters from the IdP stay text', async ({ page }) => {
    const xml = renderJunit(sampleReport([{ ...model.results[5]!, message: 'a\u0000b <x/> "q" & \u001b[31m' }]));
    const parsed = await parseJunit(page, xml);
    expect(parsed.error).toBeNull();
    expect(xml).not.toContain('<x/>');
  });
});

test.describe('CTRF JSON', () => {
  const ctrfSchema = JSON.parse(readFileSync(join(ROOT, 'schemas/ctrf.schema.json'), 'utf8'));
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(ctrfSchema);

  test('validates against the pinned CTRF 1.0.0 schema', () => {
    const ctrf = JSON.parse(renderCtrf(model));
    expect(validate(ctrf), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(ctrf).toMatchObject({ reportFormat: 'CTRF', specVersion: '1.0.0' });
  });

  test('the schema copy really rejects unknown properties outside extra (CTRF spec §4.6)', () => {
    const ctrf = JSON.parse(renderCtrf(model));
    ctrf.results.tests[0].checkId = 'x';
    expect(validate(ctrf)).toBe(false);
  });

  test('one test per check: fail → failed, warn → other/"warning", skip → skipped, error → failed/"error"', () => {
    const { results } = JSON.parse(renderCtrf(model));
    expect(results.tests).toHaveLength(model.results.length);
    const byId = (id: string) => results.tests.find((t: { labels: { checkId: string } }) => t.labels.checkId === id);
    expect(byId('token.cache-control-no-store')).toMatchObject({
      status: 'failed',
      rawStatus: 'fail',
      suite: ['token-endpoint', 'cc-valid'],
    });
    expect(byId('token.expires-in')).toMatchObject({ status: 'other', rawStatus: 'warning' });
    expect(byId('meta.grant-types-cc')).toMatchObject({ status: 'skipped' });
    expect(byId('intro.active-boolean')).toMatchObject({ status: 'failed', rawStatus: 'error' });
    expect(byId('meta.issuer-identical').labels).toEqual({
      checkId: 'meta.issuer-identical',
      level: 'MUST',
      outcome: 'pass',
      requirement: ['RFC8414-3.3', 'OIDC-DISCOVERY-4.3'],
      specUrl: [
        'https://www.rfc-editor.org/rfc/rfc8414#section-3.3',
        'https://openid.net/specs/openid-connect-discovery-1_0.html#section-4.3',
      ],
    });
    expect(byId('meta.issuer-identical').tags).toEqual(['MUST', 'RFC8414', 'OIDC-DISCOVERY']);
    expect(byId('token.success-json').extra['idp-conformance.evidence'].status).toBe(200);
    expect(results.summary).toMatchObject({ tests: 10, passed: 4, failed: 3, skipped: 1, other: 2, pending: 0 });
  });
});

test.describe('SARIF 2.1.0', () => {
  const sarif = JSON.parse(renderSarif(model));
  const run = sarif.runs[0];

  test('emits only fail and warn results, ruleId = check id, helpUri = spec section', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(run.results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(
      ['error.invalid-client-401', 'revoke.vendor-get', 'token.cache-control-no-store', 'token.expires-in'].sort(),
    );
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'error.invalid-client-401');
    expect(rule.helpUri).toBe('https://www.rfc-editor.org/rfc/rfc6749#section-5.2');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test('MUST fail is error, SHOULD warn is warning, MAY warn is note', () => {
    const level = (id: string) => run.results.find((r: { ruleId: string }) => r.ruleId === id).level;
    expect([level('token.cache-control-no-store'), level('token.expires-in'), level('revoke.vendor-get')]).toEqual([
      'error',
      'warning',
      'note',
    ]);
  });

  test('locations are the repo-relative suite file and line of the check; checks without one get none', () => {
    const loc = run.results.find((r: { ruleId: string }) => r.ruleId === 'token.cache-control-no-store').locations[0].physicalLocation;
    expect(loc).toEqual({ artifactLocation: { uri: 'suites/token-endpoint.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 18 } });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'revoke.vendor-get').locations).toBeUndefined();
  });
});

test.describe('Markdown summary', () => {
  const md = renderMarkdown(model);

  test('leads with the verdict and counts by level × outcome', () => {
    expect(md.split('\n')[0]).toBe('## IdP conformance: ❌ not conformant');
    expect(md).toContain('10 checks: 4 passed, 2 failed, 2 warned, 1 skipped, 1 error ');
    expect(md).toContain('| MUST | 3 | 2 | 0 | 0 | 1 | 6 |');
    expect(md).toContain('| SHOULD | 1 | 0 | 1 | 0 | 0 | 2 |');
  });

  test('lists failed MUSTs and warned SHOULDs with spec links, and nothing that passed', () => {
    expect(md).toContain('### Failed (2)');
    expect(md).toContain('### Warnings (2)');
    expect(md).toContain('[RFC6749-5.1](https://www.rfc-editor.org/rfc/rfc6749#section-5.1)');
    expect(md).toMatch(/\| `token\.expires-in` \| SHOULD \|/);
    expect(md).not.toContain('token.success-json');
  });

  test('ends with a newline so appended step summaries do not run together, and says so when nothing needs attention', () => {
    expect(md.endsWith('\n')).toBe(true);
    const clean = renderMarkdown(sampleReport(model.results.filter((r) => r.outcome === 'pass')));
    expect(clean.endsWith('\nNo failed checks, errors or warnings.\n')).toBe(true);
    expect(clean).toContain('## IdP conformance: ✅ conformant');
  });

  test('IdP-supplied text cannot break the table or inject HTML', () => {
    const row = md.split('\n').find((l) => l.includes('error.invalid-client-401'))!;
    expect(row).toContain('\\<script\\>');
    expect(row.split(' | ')).toHaveLength(5);
  });
});
