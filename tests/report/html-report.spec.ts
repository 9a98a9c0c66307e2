// The HTML report of issue #12 item 5 in real headless Chromium, opened from file:// as a CI artifact is: checks
// grouped by suite → case with the failures open, collapsible groups, sortable columns, filters and sort kept in the
// URL fragment across a reload, links to the suite file and line, the inline SVG chart, and the two-sided evidence
// with a "copy as curl" line that reads the secret from $IDP_CLIENT_SECRET and never holds it.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { basicAuthorization } from '../../harness/client-auth.ts';
import { curlCommand } from '../../harness/curl.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { renderHtml } from '../../src/report/formats/html.ts';
import { sourceLinkBase } from '../../src/report/source-links.ts';
import { writeReports } from '../../src/report/write.ts';
import { SAMPLE_RESULTS, sampleReport } from './fixtures/sample-report.ts';

/** A checkout-like folder: suites/ beside reports/, the report written in reports/ with the checkout as source root. */
async function openReport(page: Page, model: ComplianceReport = sampleReport()) {
  const root = mkdtempSync(join(tmpdir(), 'idpc-html-report-'));
  mkdirSync(join(root, 'suites'));
  writeFileSync(join(root, 'suites', 'token-endpoint.yaml'), 'id: token-endpoint\n');
  const dir = join(root, 'reports');
  await writeReports(model, dir, { formats: ['html'], sourceRoot: root });
  const url = pathToFileURL(join(dir, 'index.html')).href;
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('request', (r) => !r.url().startsWith(url) && requests.push(r.url()));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  return { root, url, problems, requests };
}

const suite = (page: Page, id: string) => page.locator(`details.suite[data-suite="${id}"]`);
const kase = (page: Page, id: string) => page.locator(`details.case[data-case="${id}"]`);
const checkIds = (page: Page, caseId: string) => kase(page, caseId).locator('tbody tr code.check-id').allTextContents();

test('checks are grouped by suite → case, groups with a failure or error open and the rest collapsed', async ({ page }) => {
  const { problems, requests } = await openReport(page);
  // Most attention first: the suite with a failure, then the one with an error, then the rest.
  await expect(page.locator('details.suite .suite-name')).toHaveText(['token-endpoint', 'introspection', 'discovery']);
  await expect(suite(page, 'token-endpoint').locator('details.case')).toHaveCount(3);
  for (const [id, open] of [
    ['cc-bad-secret', true],
    ['cc-valid', true],
    ['cc-reserved-chars', false],
    ['intro-active', true],
    ['revoke', false],
    ['metadata', false],
  ] as const) {
    if (open) await expect(kase(page, id), id).toHaveAttribute('open', '');
    else await expect(kase(page, id), id).not.toHaveAttribute('open');
  }
  await expect(suite(page, 'discovery')).not.toHaveAttribute('open');
  // Inside a case, the failing check leads.
  expect((await checkIds(page, 'cc-valid'))[0]).toBe('token.cache-control-no-store');
  // Every check is in exactly one group.
  await expect(page.locator('#checks tbody tr')).toHaveCount(SAMPLE_RESULTS.length);

  // Collapse and expand a case by its summary, then everything at once.
  const row = page.locator('tr', { hasText: 'token.cache-control-no-store' });
  await expect(row).toBeVisible();
  await kase(page, 'cc-valid').locator('summary').first().click();
  await expect(row).toBeHidden();
  await kase(page, 'cc-valid').locator('summary').first().click();
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.locator('#checks tbody tr:visible')).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.locator('#checks tbody tr:visible')).toHaveCount(SAMPLE_RESULTS.length);
  expect(problems).toEqual([]);
  expect(requests).toEqual([]);
});

test('columns sort on click (ascending, then descending) and the sort survives a reload in the URL fragment', async ({ page }) => {
  await openReport(page);
  const time = kase(page, 'cc-valid').getByRole('columnheader', { name: /Time/ });
  await time.getByRole('button').click();
  await expect(time).toHaveAttribute('aria-sort', 'ascending');
  // No time (no request evidence) sorts first, ties keep the default order.
  expect(await checkIds(page, 'cc-valid')).toEqual([
    'token.expires-in',
    'token.no-refresh-token',
    'token.cache-control-no-store',
    'token.success-json',
  ]);
  await time.getByRole('button').click();
  await expect(time).toHaveAttribute('aria-sort', 'descending');
  const descending = ['token.success-json', 'token.cache-control-no-store', 'token.expires-in', 'token.no-refresh-token'];
  expect(await checkIds(page, 'cc-valid')).toEqual(descending);
  expect(new URL(page.url()).hash).toBe('#sort=time&dir=desc');
  await page.reload();
  await expect(kase(page, 'cc-valid').getByRole('columnheader', { name: /Time/ })).toHaveAttribute('aria-sort', 'descending');
  expect(await checkIds(page, 'cc-valid')).toEqual(descending);

  // Another column, every case table at once.
  await kase(page, 'cc-valid').getByRole('button', { name: 'Check' }).click();
  expect(await checkIds(page, 'cc-valid')).toEqual([
    'token.cache-control-no-store',
    'token.expires-in',
    'token.no-refresh-token',
    'token.success-json',
  ]);
  await expect(kase(page, 'intro-active').getByRole('columnheader', { name: /Check/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('filters are written to the URL fragment and restored from it after a reload', async ({ page }) => {
  const { url } = await openReport(page);
  await page.getByRole('checkbox', { name: /^Pass/ }).uncheck();
  await page.getByRole('searchbox', { name: 'Search' }).fill('token');
  const matching = page.locator('#checks tbody tr:not([hidden])');
  await expect(matching).toHaveCount(3);
  const hash = new URL(page.url()).hash;
  expect(new URLSearchParams(hash.slice(1)).get('outcome')).toBe('fail,error,warn,skip');
  expect(new URLSearchParams(hash.slice(1)).get('q')).toBe('token');

  await page.reload();
  await expect(page.getByRole('checkbox', { name: /^Pass/ })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Fail/ })).toBeChecked();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('token');
  await expect(matching).toHaveCount(3);
  await expect(page.getByRole('status')).toHaveText('Showing 3 of 10 checks');
  // Groups without a match are hidden; groups with one are opened, even one that starts collapsed.
  await expect(suite(page, 'discovery')).toBeHidden();

  // A link with a fragment opens the same view.
  await page.goto(`${url}#suite=discovery&level=MAY`);
  await expect(page.getByLabel('Suite', { exact: true })).toHaveValue('discovery');
  await expect(matching).toHaveCount(1);
  await expect(matching.locator('code')).toHaveText('meta.grant-types-cc');
  await expect(matching).toBeVisible();
});

test('each check links its suite file and line, relative to the report (a checkout opened from file://)', async ({ page }) => {
  const { root } = await openReport(page);
  await page.getByRole('button', { name: 'Expand all' }).click();
  const link = page.locator('tr', { hasText: 'token.cache-control-no-store' }).locator('a.src');
  await expect(link).toHaveAttribute('href', '../suites/token-endpoint.yaml#L18');
  await expect(link).toHaveAttribute('title', 'suites/token-endpoint.yaml:18');
  expect(await link.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(
    `${pathToFileURL(join(root, 'suites', 'token-endpoint.yaml')).href}#L18`,
  );
  await expect(suite(page, 'token-endpoint').locator('summary a.file')).toHaveAttribute('href', '../suites/token-endpoint.yaml');
  // Every check with a suite file has its link.
  const withFile = SAMPLE_RESULTS.filter((r) => r.suiteFile).length;
  await expect(page.locator('#checks a.src')).toHaveCount(withFile);
});

test('suite links point at the repository on GitHub Actions, or at IDP_CONFORMANCE_SOURCE_URL, so they work from a downloaded artifact', () => {
  const github = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/idp',
    GITHUB_SHA: 'abc123',
    GITHUB_WORKSPACE: '/w/idp',
  };
  expect(sourceLinkBase('/w/idp/reports', '/w/idp', github)).toBe('https://github.com/acme/idp/blob/abc123/');
  // Suites of an installed package are not the repository's files: relative then.
  expect(sourceLinkBase('/w/idp/reports', '/w/idp/node_modules/idp-conformance', github)).toBe('../node_modules/idp-conformance/');
  expect(sourceLinkBase('/w/r', '/w', { IDP_CONFORMANCE_SOURCE_URL: 'https://git.example/x/-/blob/main' })).toBe(
    'https://git.example/x/-/blob/main/',
  );
  const html = renderHtml(sampleReport(), { sourceBase: 'https://github.com/acme/idp/blob/abc123/' });
  expect(html).toContain('href="https://github.com/acme/idp/blob/abc123/suites/token-endpoint.yaml#L18"');
});

test('a summary chart is drawn inline as SVG: one bar segment per outcome, proportional to its count', async ({ page }) => {
  await openReport(page);
  const svg = page.locator('figure.chart svg');
  await expect(svg).toBeVisible();
  await expect(svg).toHaveAttribute('role', 'img');
  await expect(svg.locator('title').first()).toHaveText('10 checks: 4 pass, 2 warn, 1 skip, 1 error, 2 fail');
  const segments = await svg
    .locator('rect')
    .evaluateAll((rects) => rects.map((r) => [r.getAttribute('class'), Number(r.getAttribute('width'))]));
  expect(segments.map(([c]) => c)).toEqual(['pass', 'warn', 'skip', 'error', 'fail']);
  expect(segments.map(([, w]) => Math.round(w as number))).toEqual([400, 200, 100, 100, 200]);
  await expect(page.locator('figure.chart .legend li')).toHaveText(['Pass 4', 'Warn 2', 'Skip 1', 'Error 1', 'Fail 2']);
});

test('full-width layout, and suite names never wrap mid-word', async ({ page }) => {
  const model = sampleReport(SAMPLE_RESULTS.map((r) => (r.suite === 'introspection' ? { ...r, suite: 'rfc6749-client-credentials' } : r)));
  await openReport(page, model);
  await page.setViewportSize({ width: 1800, height: 900 });
  expect(await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().width)).toBe(1800);
  for (const width of [1800, 320]) {
    await page.setViewportSize({ width, height: 900 });
    const lines = await page.locator('.suite-name', { hasText: 'rfc6749-client-credentials' }).evaluate((el) => ({
      rects: el.getClientRects().length,
      height: el.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(el).lineHeight),
    }));
    expect(lines.rects, `suite name at ${width}px`).toBe(1);
    expect(lines.height, `suite name at ${width}px`).toBeLessThan(lines.line * 1.5);
  }
});

test('evidence shows request, response and time; copy as curl reads $IDP_CLIENT_SECRET, never the secret (RFC 6749 §2.3.1)', async ({
  page,
  context,
}) => {
  const secret = 'pa ss:wörd+/~secret';
  const request = {
    method: 'POST',
    url: 'https://idp.example.test/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuthorization('client-1', secret) },
    body: 'grant_type=client_credentials&scope=read',
  };
  const curl = curlCommand(request, [{ value: secret, variable: 'IDP_CLIENT_SECRET' }]);
  const results = SAMPLE_RESULTS.map((r) =>
    r.checkId === 'token.cache-control-no-store' ? { ...r, evidence: { ...r.evidence, curl } } : r,
  );
  await openReport(page, sampleReport(results));
  const row = page.locator('tr', { hasText: 'token.cache-control-no-store' });
  const evidence = row.locator('details.evidence');
  await expect(evidence).toHaveAttribute('open', ''); // a failure's evidence is open
  await expect(evidence.locator('section', { hasText: 'Request' }).locator('pre')).toHaveText(
    [
      'POST https://idp.example.test/oauth2/token',
      'content-type: application/x-www-form-urlencoded',
      'authorization: Basic [redacted:authorization]',
      '',
      'grant_type=client_credentials&scope=read',
    ].join('\n'),
  );
  await expect(evidence.locator('h4', { hasText: 'Response' })).toHaveText('Response · 8.3 ms');
  await expect(evidence.locator('section', { hasText: 'Response' }).locator('pre')).toContainText('→ 200');
  await expect(row.locator('td.num')).toHaveText('8.3 ms');

  const line = evidence.locator('.curl code');
  await expect(line).toContainText('$IDP_CLIENT_SECRET');
  const text = (await line.textContent())!;
  for (const form of [secret, encodeURIComponent(secret), Buffer.from(`client-1:${secret}`).toString('base64')])
    expect(text).not.toContain(form);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await evidence.getByRole('button', { name: /Copy the curl command/ }).click();
  await expect(evidence.getByRole('button', { name: /Copy the curl command/ })).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => undefined));
  if (copied !== undefined) expect(copied).toBe(text);
});
