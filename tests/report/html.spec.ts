// index.html in real headless Chromium, opened from file:// the way a CI artifact is: self-contained (no request
// leaves the page), no console or CSP errors, filters that really hide rows, spec links, escaped IdP text.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReports } from '../../src/report/write.ts';
import { SAMPLE_RESULTS, sampleReport } from './fixtures/sample-report.ts';

async function openReport(page: Page, model = sampleReport()) {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-html-'));
  await writeReports(model, dir, { formats: ['html'] });
  const url = pathToFileURL(join(dir, 'index.html')).href;
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => r.url() !== url && requests.push(r.url()));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  return { requests, problems, dir };
}

/** Rows the filters let through (a collapsed case hides its rows from view but not from the filter count). */
const visibleRows = (page: Page) => page.locator('#checks tbody tr:not([hidden])');

test('opens from file:// with no network request and no console or CSP error', async ({ page }, testInfo) => {
  const { requests, problems } = await openReport(page);
  await expect(page.locator('#verdict')).toHaveText('Not conformant');
  await expect(visibleRows(page)).toHaveCount(SAMPLE_RESULTS.length);
  await page.getByText('Evidence', { exact: false }).first().click();
  await testInfo.attach('index.html screenshot', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test('summary table counts checks by level × outcome', async ({ page }) => {
  await openReport(page);
  const must = page.locator('table.matrix tbody tr', { has: page.getByRole('rowheader', { name: 'MUST' }) });
  await expect(must.locator('td')).toHaveText(['2', '1', '0', '0', '3', '6']);
  await expect(page.locator('table.matrix tfoot td').last()).toHaveText('10');
});

test('outcome filter hides and shows rows (Pass unchecked → only non-passing checks)', async ({ page }) => {
  await openReport(page);
  await page.getByRole('checkbox', { name: /^Pass/ }).uncheck();
  await expect(visibleRows(page)).toHaveCount(6);
  await expect(page.locator('#checks tbody tr[data-outcome="pass"]:not([hidden])')).toHaveCount(0);
  await expect(page.getByRole('status')).toHaveText('Showing 6 of 10 checks');
  await page.getByRole('checkbox', { name: /^Pass/ }).check();
  await expect(visibleRows(page)).toHaveCount(10);
});

test('level and suite filters combine', async ({ page }) => {
  await openReport(page);
  await page.getByRole('checkbox', { name: /^MUST/ }).uncheck();
  await expect(visibleRows(page)).toHaveCount(4);
  await page.getByLabel('Suite', { exact: true }).selectOption('discovery');
  await expect(visibleRows(page)).toHaveCount(1);
  await expect(visibleRows(page).locator('code')).toHaveText('meta.grant-types-cc');
  await page.getByRole('checkbox', { name: /^MAY/ }).uncheck();
  await expect(visibleRows(page)).toHaveCount(0);
  await expect(page.getByText('No checks match these filters.')).toBeVisible();
});

test('text search matches check ids and requirement ids', async ({ page }) => {
  await openReport(page);
  await page.getByRole('searchbox', { name: 'Search' }).fill('rfc7662');
  await expect(visibleRows(page)).toHaveCount(1);
  await expect(visibleRows(page).locator('code')).toHaveText('intro.active-boolean');
});

test('each check links its requirement to the spec section (RFC 6749 §5.2, OIDC Discovery §4.3)', async ({ page }) => {
  await openReport(page);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.getByRole('link', { name: 'RFC6749-5.2' })).toHaveAttribute(
    'href',
    'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
  );
  await expect(page.getByRole('link', { name: 'OIDC-DISCOVERY-4.3' })).toHaveAttribute(
    'href',
    'https://openid.net/specs/openid-connect-discovery-1_0.html#section-4.3',
  );
  const rowsWithoutLink = await page
    .locator('#checks tbody tr')
    .evaluateAll((rows) => rows.filter((r) => !r.querySelector('td.reqs a')).length);
  expect(rowsWithoutLink).toBe(0);
});

test('IdP-supplied markup is shown as text, never executed or parsed', async ({ page }) => {
  const { problems } = await openReport(page);
  await expect(page.getByText('expected 401 <script>alert("xss")</script> & more')).toBeVisible();
  expect(await page.locator('script').count()).toBe(1);
  // A failing check's evidence is open from the start.
  await expect(page.locator('tr', { hasText: 'error.invalid-client-401' }).locator('details.evidence')).toHaveAttribute('open', '');
  await expect(page.locator('tr', { hasText: 'error.invalid-client-401' }).locator('pre', { hasText: 'error_description' })).toContainText(
    '"error_description": "bad & <b>worse</b>"',
  );
  expect(await page.locator('#checks b').count()).toBe(0);
  expect(problems).toEqual([]);
});

test('no credential-looking evidence value reaches any report file unredacted (RFC 6749 §2.3.1, §10.3)', async ({ page }) => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQtMSJ9.c2lnbmF0dXJlLXZhbHVl';
  const leaky = sampleReport([
    {
      ...SAMPLE_RESULTS[0]!,
      message: `got token ${jwt}`,
      evidence: {
        method: 'POST',
        url: 'https://idp.example.test/oauth2/token?client_secret=s3cr3t-in-query',
        status: 200,
        headers: { Authorization: 'Basic Y2xpZW50LTE6czNjcjN0', 'www-authenticate': 'Bearer realm="x"' },
        body: {
          access_token: jwt,
          client_secret: 'hunter2-plain',
          nested: { refresh_token: 'rt-plain-value' },
          token_type: 'Bearer',
          fp: 'sha256:3f2a9c1b',
        },
        // The request side and the curl line (schema 1.1) as a buggy harness might have left them.
        request: {
          method: 'POST',
          url: 'https://idp.example.test/oauth2/token?access_token=at-in-request-query',
          headers: { authorization: 'Basic Y2xpZW50LTE6cmVxdWVzdA==', cookie: 'session=cookie-plain-value', 'x-api-key': 'api-key-plain' },
          body: 'grant_type=client_credentials&client_secret=body-plain-secret&client_assertion=assertion-plain-value',
          form: { grant_type: 'client_credentials', client_secret: 'form-plain-secret', token: ['token-plain-1', 'token-plain-2'] },
        },
        curl: `curl -i 'https://idp.example.test/oauth2/token' -H 'Authorization: Bearer ${jwt}' --data-binary 'grant_type=client_credentials&client_secret=curl-plain-secret' --data-urlencode "client_secret=$IDP_CLIENT_SECRET"`,
      },
    },
  ]);
  const { dir, problems } = await openReport(page, leaky);
  await writeReports(leaky, dir, { formats: ['junit', 'ctrf', 'html', 'markdown', 'sarif'] });
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    const requestSide = ['at-in-request-query', 'Y2xpZW50LTE6cmVxdWVzdA', 'cookie-plain-value', 'api-key-plain', 'body-plain-secret'];
    const formAndCurl = ['assertion-plain-value', 'form-plain-secret', 'token-plain-1', 'token-plain-2', 'curl-plain-secret'];
    for (const secret of [
      jwt,
      'Y2xpZW50LTE6czNjcjN0',
      's3cr3t-in-query',
      'hunter2-plain',
      'rt-plain-value',
      ...requestSide,
      ...formAndCurl,
    ]) {
      expect(text, `${file} leaks ${secret}`).not.toContain(secret);
    }
  }
  const compliance = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8'));
  expect(compliance.results[0].evidence.body).toMatchObject({ access_token: '[redacted]', token_type: 'Bearer' });
  expect(compliance.results[0].evidence.headers).toEqual({ 'www-authenticate': 'Bearer realm="x"' });
  // The request keeps what a reader needs: the scheme, the field names, the variables of the curl line.
  expect(compliance.results[0].evidence.request.headers).toEqual({
    authorization: 'Basic [redacted]',
    cookie: '[redacted]',
    'x-api-key': '[redacted]',
  });
  expect(compliance.results[0].evidence.request.form).toEqual({
    grant_type: 'client_credentials',
    client_secret: '[redacted]',
    token: '[redacted]',
  });
  expect(compliance.results[0].evidence.curl).toContain('"client_secret=$IDP_CLIENT_SECRET"');
  expect(compliance.results[0].evidence.curl).toContain('Bearer [redacted:jwt]');
  expect(problems).toEqual([]);
});

test('the checks table fits the page at desktop and narrow widths, even with a long unbreakable title', async ({ page }) => {
  // Full width (issue #12): every case table, opened, fits the page.
  const model = sampleReport();
  model.results[0] = {
    ...model.results[0]!,
    title: `aud is https://${'0A1B2C3D'.repeat(4)}.integration.us-ashburn-1.ocp.oraclecloud.com:443`,
  };
  await openReport(page, model);
  await page.getByRole('button', { name: 'Expand all' }).click();
  for (const width of [1300, 800]) {
    await page.setViewportSize({ width, height: 900 });
    const { table, main } = await page.evaluate(() => ({
      table: Math.max(...[...document.querySelectorAll('table.checks')].map((t) => t.getBoundingClientRect().width)),
      main: document.querySelector('main')!.clientWidth,
    }));
    expect(table, `table width at a ${width}px viewport`).toBeLessThanOrEqual(main);
  }
});
