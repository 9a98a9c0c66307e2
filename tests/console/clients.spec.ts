// The console's client flows in AVEVA CONNECT's words and rules, walked in headless Chromium and checked over
// HTTP at the token endpoint. Sources: AVEVA "Add a client-credentials client" and "Maintain a client"
// (fixtures/profiles/aveva-connect.yaml: lifetime 60–3600 s, Tenant Member fixed, 10 secrets, one-year expiry).
import { addClient, expect, keepScreenshot, shownSecret, test, tokenRequest } from './helpers.ts';

test.use({ mockOptions: { profile: 'aveva-connect' } });

test('the mock serves its console at <issuer>/_console from package files, same-origin only, no secret in any URL', async ({ idp }) => {
  expect(idp.consoleUrl).toBe(`${idp.issuer}/_console/`);
  const bare = await fetch(`${idp.issuer}/_console`, { redirect: 'manual' });
  expect(bare.status).toBe(308);
  expect(bare.headers.get('location')).toBe('/identity/_console/');
  const page = await fetch(idp.consoleUrl!);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from a CDN: works offline
  for (const file of ['app.js', 'style.css', 'favicon.svg']) expect((await fetch(idp.consoleUrl + file)).status, file).toBe(200);
  expect((await fetch(idp.consoleUrl!.replace(/_console\/$/, '_admin/clients'))).status).toBe(200);
  expect((await fetch(`${idp.consoleUrl}secrets.json`)).status).toBe(404);
});

test('add a client: the one-time secret read from the page obtains a token; closed, it is gone and only its metadata stays (AVEVA "Add a client-credentials client")', async ({
  idp,
  console: page,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Add Client' }).click();
  const form = page.getByRole('dialog', { name: 'Add Client' });
  await expect(form.getByLabel('Token Lifetime (seconds)')).toHaveValue('3600');
  // "Tenant Member" is shown, given and locked: it cannot be removed.
  await expect(form.getByLabel('Tenant Member')).toBeChecked();
  await expect(form.getByLabel('Tenant Member')).toBeDisabled();
  await expect(form.getByLabel('Never Expires')).not.toBeChecked();
  await form.getByLabel('Name (required)').fill('Plant historian');
  await form.getByLabel('Scopes').fill('read');
  await form.getByLabel('Description').fill('ci pipeline');
  await keepScreenshot(page, testInfo, 'add-client');
  await form.getByRole('button', { name: 'Add Client' }).click();

  const shown = page.getByRole('dialog', { name: 'Your new client secret' });
  await expect(shown.getByRole('alert')).toContainText('cannot be accessed or retrieved after you close this window');
  await expect(shown).toContainText('2027-12-02'.slice(0, 4)); // default expiry: one year after creation
  await shown.getByRole('button', { name: 'Copy' }).click();
  await expect(shown.getByText('Copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await shownSecret(page));
  await keepScreenshot(page, testInfo, 'secret-once');
  const id = (await shown.locator('dd code').first().textContent())!;

  const ok = await tokenRequest(idp, id, copied);
  expect(ok.status).toBe(200);
  expect(ok.json.access_token).toBeTruthy();

  await shown.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('dialog.modal')).toHaveCount(0); // gone from the DOM, not only hidden (see keyboard only)
  expect(await page.content()).not.toContain(copied);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plant historian');
  const row = page.getByRole('table', { name: 'Client secrets' }).getByRole('row').nth(1);
  await expect(row).toContainText('ci pipeline');
  await expect(row).toContainText('Valid');
  await expect(page.getByTestId('client-id')).toHaveText(id);
  await expect(page.getByText(/Tenant Member — default role, cannot be removed/)).toBeVisible();
  await keepScreenshot(page, testInfo, 'client-detail');
  // The state agrees: Tenant Member, read, lifetime 3600, the secret's description and a one-year expiry.
  const client = idp.admin.getClient(id);
  expect(client).toMatchObject({ name: 'Plant historian', roles: ['Tenant Member'], scopes: ['read'], tokenLifetime: 3600, enabled: true });
  expect(client.secrets[0]!.description).toBe('ci pipeline');
  expect(Date.parse(client.secrets[0]!.expiresAt!) - Date.parse(client.secrets[0]!.createdAt)).toBe(365 * 86_400_000);
});

test('delete: after the confirmation the same secret gets invalid_client (AVEVA "Maintain a client", RFC 6749 §5.2)', async ({
  idp,
  console: page,
}) => {
  const shown = await addClient(page, 'to delete');
  const secret = await shownSecret(page);
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  expect((await tokenRequest(idp, id, secret)).status).toBe(200);

  await page.getByRole('button', { name: 'Delete client-credentials client' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete to delete?' });
  await expect(confirm).toContainText('invalid_client');
  await confirm.getByRole('button', { name: 'Delete client-credentials client' }).click();
  await expect(page).toHaveURL(/#clients$/);
  await expect(page.getByText('No client-credentials clients yet')).toBeVisible();

  const after = await tokenRequest(idp, id, secret);
  expect(after.status).toBe(401);
  expect(after.json.error).toBe('invalid_client');
});

test('a token lifetime of 30 s is refused next to the field with the bound named, and no client is created (AVEVA: 60–3600 s)', async ({
  idp,
  console: page,
}, testInfo) => {
  await page.getByRole('button', { name: 'Add Client' }).click();
  const form = page.getByRole('dialog', { name: 'Add Client' });
  await expect(form.getByText('AVEVA CONNECT data services: 60–3600 seconds; default 3600.')).toBeVisible();
  await form.getByLabel('Name (required)').fill('too short');
  const lifetime = form.getByLabel('Token Lifetime (seconds)');
  await lifetime.fill('30');
  await form.getByRole('button', { name: 'Add Client' }).click();
  await expect(lifetime).toHaveAttribute('aria-invalid', 'true');
  await expect(lifetime).toBeFocused();
  const described = await lifetime.getAttribute('aria-describedby');
  const error = form.locator(`[id="${described!.split(' ').at(-1)}"]`);
  await expect(error).toHaveText('30 seconds is below the minimum of 60 seconds (AVEVA CONNECT data services allows 60–3600 seconds).');
  await keepScreenshot(page, testInfo, 'lifetime-refused');
  await lifetime.fill('3601');
  await form.getByRole('button', { name: 'Add Client' }).click();
  await expect(error).toContainText('above the maximum of 3600 seconds');
  expect(idp.admin.listClients()).toHaveLength(0);
  // The admin API refuses the same value on its own, naming the bound, so no page can get past it.
  const res = await fetch(`${idp.adminUrl}/clients`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tokenLifetime: 30 }),
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({
    error: 'invalid_value',
    field: 'tokenLifetime',
    message: expect.stringContaining('minimum of 60 seconds'),
  });
});

test('deactivate / activate: a disabled client gets invalid_client, enabled again it gets a token (AVEVA "Disable Client")', async ({
  idp,
  console: page,
}) => {
  const shown = await addClient(page, 'toggled');
  const secret = await shownSecret(page);
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Disable Client' }).click();
  await expect(page.getByRole('button', { name: 'Enable Client' })).toBeFocused();
  await expect(page.getByText('Inactive')).toBeVisible();
  expect((await tokenRequest(idp, id, secret)).json.error).toBe('invalid_client');
  await page.getByRole('button', { name: 'Enable Client' }).click();
  await expect(page.getByRole('button', { name: 'Disable Client' })).toBeVisible();
  expect((await tokenRequest(idp, id, secret)).status).toBe(200);
});

test('roles after creation: one added and removed, Tenant Member has no remove button (AVEVA: cannot be removed)', async ({
  idp,
  console: page,
}) => {
  const shown = await addClient(page, 'roles');
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Add to roles').fill('Account Administrator');
  await page.getByRole('button', { name: 'Add role' }).click();
  await expect(page.getByRole('button', { name: 'Remove Account Administrator' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove Tenant Member' })).toHaveCount(0);
  expect(idp.admin.listRoles(id).roles).toEqual(['Tenant Member', 'Account Administrator']);
  await page.getByRole('button', { name: 'Remove Account Administrator' }).click();
  await expect(page.getByRole('button', { name: 'Remove Account Administrator' })).toHaveCount(0);
  expect(idp.admin.listRoles(id).roles).toEqual(['Tenant Member']);
});

test('add a secret with "Never Expires"; at 10 secrets the limit is named and Add Secret is off; a deleted secret gets invalid_client', async ({
  idp,
  console: page,
}) => {
  const shown = await addClient(page, 'many secrets');
  const first = await shownSecret(page);
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Add Secret' }).click();
  const dlg = page.getByRole('dialog', { name: /^Add Secret/ });
  await dlg.getByLabel('Description').fill('forever');
  await dlg.getByLabel('Never Expires').check();
  await expect(dlg.getByLabel('Expiration Date')).toBeDisabled();
  await dlg.getByRole('button', { name: 'Add Secret' }).click();
  const second = await shownSecret(page);
  await page.getByRole('button', { name: 'Close' }).click();
  expect((await tokenRequest(idp, id, second)).status).toBe(200);
  await expect(page.getByRole('table', { name: 'Client secrets' })).toContainText('Never Expires');

  for (let i = 0; i < 8; i++) await idp.admin.addSecret(id, { description: `extra ${i}` });
  await expect(page.getByTestId('secret-limit')).toHaveText(
    'This client-credentials client holds 10 of 10 client secrets, the most AVEVA CONNECT data services allows side by side. Delete one to add another.',
  );
  await expect(page.getByRole('button', { name: 'Add Secret' })).toBeDisabled();

  const firstRow = page.getByRole('table', { name: 'Client secrets' }).getByRole('row').nth(1);
  await firstRow.getByRole('button').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: 'Add Secret' })).toBeEnabled();
  expect((await tokenRequest(idp, id, first)).json.error).toBe('invalid_client');
  expect((await tokenRequest(idp, id, second)).status).toBe(200);
});

test('the clock: advancing one year past a secret expiry shows it Expired and the token endpoint says invalid_client', async ({
  idp,
  console: page,
}, testInfo) => {
  const shown = await addClient(page, 'expiring');
  const secret = await shownSecret(page);
  const id = (await shown.locator('dd code').first().textContent())!;
  await shown.getByRole('button', { name: 'Close' }).click();
  const clientUrl = page.url();
  expect((await tokenRequest(idp, id, secret)).status).toBe(200);

  await page.getByRole('link', { name: 'Clock' }).click();
  await page.getByRole('button', { name: 'Freeze' }).click();
  await expect(page.getByText('Frozen', { exact: true })).toBeVisible();
  const before = Date.parse(idp.admin.readClock().now);
  await page.getByRole('button', { name: '+1 year' }).click();
  await expect.poll(async () => Date.parse(idp.admin.readClock().now) - before).toBe(366 * 86_400_000);
  await expect(page.getByTestId('clock-now')).toHaveText(/^2027-/);
  await keepScreenshot(page, testInfo, 'clock');

  await page.goto(clientUrl);
  const row = page.getByRole('table', { name: 'Client secrets' }).getByRole('row').nth(1);
  await expect(row).toContainText('Expired');
  const after = await tokenRequest(idp, id, secret);
  expect(after.status).toBe(401);
  expect(after.json.error).toBe('invalid_client');
});

test('keyboard only: Tab to Add Client, type, Enter submits, the secret dialog takes focus on Copy, Escape closes it and drops the value', async ({
  idp,
  console: page,
}) => {
  const addButton = page.locator('main .heading button.primary');
  for (let i = 0; i < 12 && !(await addButton.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(addButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByLabel('Name (required)')).toBeFocused();
  await page.keyboard.type('keyboard client');
  await page.keyboard.press('Enter');
  const shown = page.getByRole('dialog', { name: 'Your new client secret' });
  await expect(shown.getByRole('button', { name: 'Copy' })).toBeFocused();
  const secret = await shownSecret(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The dialog leaves the DOM on its 'close' event, a task after Escape hides it: wait for the element itself to go
  // (a closed <dialog> is out of the accessibility tree while still holding the value).
  await expect(page.locator('dialog.modal')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('keyboard client');
  expect(idp.admin.listClients()).toHaveLength(1);
});
