// The console's operations screens: signing keys (rotate, retained until when), the mock clock (freeze, set),
// the token-request log (live, without a reload), faults (on / off from the catalogue), and access (the admin
// token asked for by the page and sent as a header, never in a URL). Effects checked over HTTP.
import { startMockIdp } from '../../mock-idp/index.ts';
import { addClient, expect, keepScreenshot, shownSecret, test, tokenRequest } from './helpers.ts';

const DAY_MS = 86_400_000;

test.describe('servicenow keys', () => {
  test.use({ mockOptions: { profile: 'servicenow' } });

  test('rotate: the new key is Active, the old one Retained and in the JWKS until 105 days later (ServiceNow: rotated keys removed after 105 days)', async ({
    idp,
    console: page,
  }, testInfo) => {
    idp.clock.freeze();
    await page.getByRole('link', { name: 'Signing keys' }).click();
    await expect(page.getByText('Retired keys stay in the JWKS for 105 days (ServiceNow (Zurich))')).toBeVisible();
    const keys = page.getByRole('table', { name: 'Signing keys' });
    await expect(keys.getByRole('row')).toHaveCount(2);
    const oldKid = (await keys.getByRole('row').nth(1).locator('code').textContent())!;
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    await expect(keys.getByRole('row')).toHaveCount(3);
    const old = keys.getByRole('row').filter({ hasText: oldKid });
    await expect(old).toContainText('Retained');
    const now = Date.parse(idp.admin.readClock().now);
    const until = new Date(now + 105 * DAY_MS).toISOString();
    await expect(old).toContainText(`${until.slice(0, 10)} ${until.slice(11, 19)} UTC`);
    await expect(keys.getByRole('row').filter({ hasNotText: oldKid }).nth(1)).toContainText('Active');
    await keepScreenshot(page, testInfo, 'keys');
    const jwks = (await (await fetch(idp.url(idp.context.settings.paths.jwks))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(oldKid);

    // Past the retention the old key leaves the JWKS, and the page says so.
    await page.getByRole('link', { name: 'Clock' }).click();
    await page.getByLabel('Advance by').fill('106');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByRole('link', { name: 'Signing keys' }).click();
    await expect(keys.getByRole('row').filter({ hasText: oldKid })).toContainText('No (expired)');
    const after = (await (await fetch(idp.url(idp.context.settings.paths.jwks))).json()) as { keys: { kid: string }[] };
    expect(after.keys.map((k) => k.kid)).not.toContain(oldKid);
  });
});

test('clock: freeze stops it, Set moves it to a given UTC time, Unfreeze lets it run (the mock clock every expiry follows)', async ({
  idp,
  console: page,
}) => {
  await page.getByRole('link', { name: 'Clock' }).click();
  await page.getByRole('button', { name: 'Freeze' }).click();
  await expect(page.getByRole('button', { name: 'Unfreeze' })).toBeFocused();
  expect(idp.admin.readClock().frozen).toBe(true);
  await page.getByLabel('Set the mock time (UTC)').fill('2031-05-06T07:08:09');
  await page.getByRole('button', { name: 'Set time' }).click();
  await expect(page.getByTestId('clock-now')).toHaveText('2031-05-06 07:08:09 UTC');
  await expect(page.locator('#clock-status')).toHaveText('Mock clock: 2031-05-06 07:08:09 UTC (frozen)');
  expect(idp.admin.readClock().now).toBe('2031-05-06T07:08:09.000Z');
  await page.getByLabel('Advance by').fill('0');
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
  await expect(page.getByText('Enter a whole number greater than 0.')).toBeVisible();
  await expect(page.getByLabel('Advance by')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Unfreeze' }).click();
  await expect(page.getByText('Running', { exact: true })).toBeVisible();
  expect(idp.admin.readClock().frozen).toBe(false);
});

test('request log: token requests appear live with their outcome, without a reload (admin API /token-requests)', async ({
  idp,
  console: page,
}, testInfo) => {
  const shown = await addClient(page, 'logged');
  const secret = await shownSecret(page);
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Request log' }).click();
  await expect(page.getByTestId('log-count')).toHaveText('0 requests');
  expect((await tokenRequest(idp, id, secret)).status).toBe(200);
  expect((await tokenRequest(idp, id, secret, { scope: 'nope' })).status).toBe(400);
  await expect(page.getByTestId('log-count')).toHaveText('2 requests');
  const rows = page.getByRole('table', { name: 'Token requests, newest first' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('invalid_scope');
  await expect(rows.nth(2)).toContainText('issued');
  await expect(rows.nth(2)).toContainText('logged');
  await keepScreenshot(page, testInfo, 'request-log');
  await page.getByRole('button', { name: 'Clear log' }).click();
  await expect(page.getByTestId('log-count')).toHaveText('0 requests');
});

test('faults: switched on from the catalogue (with its description) a wrong secret gets a token; switched off it is refused again', async ({
  idp,
  console: page,
}, testInfo) => {
  const shown = await addClient(page, 'victim');
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Faults' }).click();
  await expect(page.getByTestId('faults-active')).toHaveText('No fault is active.');
  const toggle = page.getByRole('switch', { name: 'accept-wrong-secret' });
  await expect(toggle).toHaveAccessibleDescription(/any client secret is accepted for a known client/);
  await toggle.check();
  await expect(page.getByTestId('faults-active')).toHaveText('Active: accept-wrong-secret');
  await expect(page.getByRole('switch', { name: 'accept-wrong-secret' })).toBeFocused();
  await keepScreenshot(page, testInfo, 'faults');
  expect((await tokenRequest(idp, id, 'not-the-secret')).status).toBe(200);
  await page.getByRole('switch', { name: 'accept-wrong-secret' }).uncheck();
  await expect(page.getByTestId('faults-active')).toHaveText('No fault is active.');
  expect((await tokenRequest(idp, id, 'not-the-secret')).json.error).toBe('invalid_client');
});

test('with an admin token the page asks for it, sends it as a Bearer header and never in a URL; without the admin API there is no console', async ({
  page,
}) => {
  const token = 'console-admin-token-0123456789';
  const idp = await startMockIdp({ config: { clients: [] }, port: 0, adminToken: token });
  try {
    const urls: string[] = [];
    const bearer: string[] = [];
    page.on('request', (r) => {
      urls.push(r.url());
      if (r.headers().authorization) bearer.push(r.headers().authorization!);
    });
    await page.goto(idp.consoleUrl!);
    const signIn = page.getByRole('dialog', { name: 'Sign in to the console' });
    await signIn.getByLabel('Admin token').fill('wrong');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('dialog', { name: 'Sign in to the console' }).getByText('The admin token was not accepted.')).toBeVisible();
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
    expect(bearer).toContain(`Bearer ${token}`);
    expect(urls.filter((u) => u.includes(token))).toEqual([]);
    expect((await fetch(`${idp.adminUrl}/clients`)).status).toBe(401);
  } finally {
    await idp.close();
  }
  const off = await startMockIdp({ config: { clients: [], admin: { enabled: false } }, port: 0 });
  try {
    expect(off.consoleUrl).toBeUndefined();
    expect((await fetch(off.url('/_console/'))).status).toBe(404);
  } finally {
    await off.close();
  }
});
