// Automated accessibility scan (axe-core, WCAG 2.1 A/AA and best-practice rules) of every console screen, at
// desktop width and at 360 px: no serious or critical violation. Screenshots of each screen are kept as test
// artifacts (test-results/…), and the figures attached as JSON.
import type { Page, TestInfo } from '@playwright/test';
import { addClient, axeScan, expect, keepScreenshot, test, tokenRequest, shownSecret } from './helpers.ts';

test.use({ mockOptions: { profile: 'aveva-connect' } });

type Figures = Awaited<ReturnType<typeof axeScan>>;

/** At 360 px the screens whose layout changes (stacked fields, scrolled tables) are scanned; every one is photographed. */
const NARROW_SCANS = ['add-client-errors', 'client-detail', 'clients', 'request-log'];

async function check(page: Page, testInfo: TestInfo, screen: string, all: Figures[]): Promise<void> {
  await page.waitForTimeout(100); // let a dialog's open transition and the live regions settle
  const [width, ...rest] = screen.split('-');
  if (width !== '360' || NARROW_SCANS.includes(rest.join('-'))) all.push(await axeScan(page, testInfo, screen));
  await keepScreenshot(page, testInfo, screen);
}

for (const width of [1280, 360]) {
  test(`every screen at ${width} px: no serious or critical axe violation`, async ({ idp, console: page }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height: 900 });
    const all: Figures[] = [];
    await check(page, testInfo, `${width}-clients-empty`, all);
    await page.getByRole('button', { name: 'Add Client' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Add Client' }).click(); // errors shown next to the fields
    await expect(page.getByRole('dialog').getByText('Enter a name for the client-credentials client.')).toBeVisible();
    await check(page, testInfo, `${width}-add-client-errors`, all);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const shown = await addClient(page, 'Plant historian', async (form) => {
      await form.getByLabel('Scopes').fill('read write');
      await form.getByLabel('Description').fill('historian service');
    });
    const secret = await shownSecret(page);
    const id = (await shown.locator('dd code').first().textContent())!;
    await check(page, testInfo, `${width}-secret-once`, all);
    await shown.getByRole('button', { name: 'Close' }).click();
    await tokenRequest(idp, id, secret);
    await tokenRequest(idp, id, 'wrong');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plant historian');
    await check(page, testInfo, `${width}-client-detail`, all);
    await page.getByRole('button', { name: 'Add Secret' }).click();
    await check(page, testInfo, `${width}-add-secret`, all);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete client-credentials client' }).click();
    await check(page, testInfo, `${width}-confirm-delete`, all);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Clients' })).toBeVisible();
    await check(page, testInfo, `${width}-clients`, all);
    await page.getByRole('link', { name: 'Signing keys' }).click();
    await expect(page.getByRole('table', { name: 'Signing keys' })).toBeVisible();
    await check(page, testInfo, `${width}-keys`, all);
    await page.getByRole('link', { name: 'Clock' }).click();
    await expect(page.getByTestId('clock-now')).toBeVisible();
    await check(page, testInfo, `${width}-clock`, all);
    await page.getByRole('link', { name: 'Request log' }).click();
    // The token and the refused one: failed token requests are in the log too (#10).
    await expect(page.getByTestId('log-count')).toHaveText('2 requests');
    await check(page, testInfo, `${width}-request-log`, all);
    await page.getByRole('link', { name: 'Faults' }).click();
    await page.getByRole('switch', { name: 'rate-limited' }).check();
    await expect(page.getByTestId('faults-active')).toHaveText('Active: rate-limited');
    await check(page, testInfo, `${width}-faults`, all);

    const summary = all.map((f) => ({
      screen: f.screen,
      passes: f.passes,
      violations: f.violations.length,
      bad: f.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      minor: f.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${v.id} (${v.impact})`),
    }));
    await testInfo.attach('axe-summary.json', { body: JSON.stringify(summary, null, 2), contentType: 'application/json' });
    console.log(summary.map((s) => `${s.screen}: ${s.passes} rules passed, ${s.violations} violations ${s.minor.join(' ')}`).join('\n'));
    expect(summary.flatMap((s) => s.bad.map((v) => `${s.screen}: ${v.id} (${v.impact}) ${v.help}`))).toEqual([]);
  });
}

test('the sign-in screen (admin token set): no serious or critical axe violation', async ({ page }, testInfo) => {
  const { startMockIdp } = await import('../../mock-idp/index.ts');
  const idp = await startMockIdp({ config: { clients: [] }, port: 0, adminToken: 'a11y-admin-token' });
  try {
    await page.goto(idp.consoleUrl!);
    await expect(page.getByRole('dialog', { name: 'Sign in to the console' })).toBeVisible();
    const all: Figures[] = [];
    await check(page, testInfo, 'sign-in', all);
    console.log(`sign-in: ${all[0]!.passes} rules passed, ${all[0]!.violations.length} violations`);
    expect(all[0]!.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  } finally {
    await idp.close();
  }
});
