// Shared helpers for the console tests: a mock of its own per test (profile chosen with test.use), the page
// opened at the URL the mock announces, token requests over HTTP, and an axe scan that keeps its figures.
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startMockIdp, type MockIdp, type MockIdpOptions } from '../../mock-idp/index.ts';
import { tokenRequest } from '../admin/helpers.ts';

export { expect, tokenRequest };

export const test = base.extend<{ mockOptions: MockIdpOptions; idp: MockIdp; console: Page }>({
  mockOptions: [{}, { option: true }],
  idp: async ({ mockOptions }, use) => {
    const idp = await startMockIdp({ config: { clients: [] }, port: 0, ...mockOptions });
    await use(idp);
    await idp.close();
  },
  /** The page at idp.consoleUrl, loaded (the profile's title shown). */
  console: async ({ page, idp }, use) => {
    await page.goto(idp.consoleUrl!);
    await expect(page.locator('#profile-title')).toContainText(idp.context.profile.title);
    await use(page);
  },
});

/** Fill the add-client form's name and submit it; returns the one-time dialog. */
export async function addClient(page: Page, name: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  const words = await page.evaluate(() => document.querySelector('nav.tabs a')?.textContent);
  expect(words).toBeTruthy();
  await page.locator('main .heading button.primary').click();
  const form = page.getByRole('dialog');
  await form.getByLabel(/\(required\)/).fill(name);
  await fill?.(form);
  await form.locator('button[type=submit]').click();
  return page.getByRole('dialog');
}

/** The secret value as the page shows it (what a user selects and copies). */
export async function shownSecret(page: Page): Promise<string> {
  const value = (await page.getByTestId('secret-value').textContent()) ?? '';
  expect(value).toMatch(/^\S{20,}$/);
  return value;
}

/** Screenshot kept as a test artifact (test-results/…) and attached to the report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** axe-core scan (WCAG 2.x A/AA rules): the violations by impact, attached as JSON. */
export async function axeScan(page: Page, testInfo: TestInfo, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const figures = {
    screen,
    passes: results.passes.length,
    violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })),
  };
  await testInfo.attach(`axe-${screen}.json`, { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  return figures;
}
