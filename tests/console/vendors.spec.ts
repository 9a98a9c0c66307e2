// The console in each vendor's words and rules, from the profile data: Oracle audience–scope pairs with the
// fully-qualified scope shown (≤ 10) and regenerate that refuses the old secret at once; ServiceNow's Token
// Format; no token format choice where the vendor has none. Effects checked over HTTP at the token endpoint.
import { addClient, expect, keepScreenshot, shownSecret, test, tokenRequest } from './helpers.ts';

test.describe('oci-iam', () => {
  test.use({ mockOptions: { profile: 'oci-iam' } });

  test('audience–scope pairs: the fully-qualified scope is shown, at most 10, and the token request with it succeeds (Oracle "Creating OAuth 2.0 client credentials")', async ({
    idp,
    console: page,
  }, testInfo) => {
    const audience = idp.context.defaultAudience();
    const shown = await addClient(page, 'reporting job', async (form) => {
      await expect(form.getByLabel('Access token expiration (seconds)')).toHaveValue('3600');
      await form.getByRole('button', { name: 'Add scope' }).click();
      await expect(form.getByLabel('Audience 1')).toHaveValue(audience);
      await form.getByLabel('Scope 1').fill('urn:opc:idm:__myscopes__');
      await expect(form.getByText(`Fully-qualified scope: ${audience}urn:opc:idm:__myscopes__`)).toBeVisible();
      for (let i = 2; i <= 10; i++) await form.getByRole('button', { name: 'Add scope' }).click();
      await expect(form.getByRole('button', { name: 'Add scope' })).toBeDisabled();
      await expect(form.getByText('At most 10 scopes per OAuth 2.0 client credential (Oracle OCI IAM identity domain).')).toBeVisible();
      await form
        .getByLabel('Token format')
        .count()
        .then((n) => expect(n).toBe(0));
      await keepScreenshot(page, testInfo, 'oracle-add-credential');
    });
    await expect(shown.getByRole('alert')).toContainText("Copy the token string immediately, because you can't retrieve it again.");
    const secret = await shownSecret(page);
    const id = (await shown.locator('dd code').first().textContent())!;
    expect(id).toMatch(/^ocid1\.credential\.oc1\.\.aaaaaaaa/);
    await shown.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText(`${audience}urn:opc:idm:__myscopes__`)).toBeVisible();
    const ok = await tokenRequest(idp, id, secret, { scope: `${audience}urn:opc:idm:__myscopes__` });
    expect(ok.status).toBe(200);
    expect(ok.json.scope ?? 'urn:opc:idm:__myscopes__').toBe('urn:opc:idm:__myscopes__');
  });

  test('Regenerate secret: the new one works and the old one gets invalid_client at once (Oracle "Regenerating the OAuth 2.0 secret")', async ({
    idp,
    console: page,
  }) => {
    const shown = await addClient(page, 'rotating');
    const old = await shownSecret(page);
    const id = (await shown.locator('dd code').first().textContent())!;
    await shown.getByRole('button', { name: 'Close' }).click();
    // One secret at a time: no "Add secret", the limit is named, and Regenerate replaces it.
    await expect(page.getByTestId('secret-limit')).toContainText(
      'holds 1 of 1 OAuth 2.0 secrets, the most Oracle OCI IAM identity domain allows',
    );
    await page.getByRole('button', { name: 'Regenerate secret' }).click();
    const dlg = page.getByRole('dialog', { name: /^Regenerate secret/ });
    await expect(dlg).toContainText('stops working at once');
    await dlg.getByRole('button', { name: 'Regenerate secret' }).click();
    await expect(page.getByRole('dialog')).toContainText('1 previous OAuth 2.0 secret revoked.');
    const fresh = await shownSecret(page);
    expect(fresh).not.toBe(old);
    expect((await tokenRequest(idp, id, old)).json.error).toBe('invalid_client');
    expect((await tokenRequest(idp, id, fresh)).status).toBe(200);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    expect((await tokenRequest(idp, id, fresh)).json.error).toBe('invalid_client');
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect(page.getByRole('button', { name: 'Deactivate' })).toBeVisible();
    expect((await tokenRequest(idp, id, fresh)).status).toBe(200);
  });
});

test.describe('servicenow', () => {
  test.use({ mockOptions: { profile: 'servicenow' } });

  test('Token Format JWT / Opaque: the choice is the vendor default (Opaque) and JWT gives a JWT (ServiceNow Machine Identity Console)', async ({
    idp,
    console: page,
  }) => {
    await expect(page.getByRole('heading', { name: 'Inbound integrations' })).toBeVisible();
    const shown = await addClient(page, 'jwt integration', async (form) => {
      await expect(form.getByLabel('Token Format')).toHaveValue('opaque');
      await expect(form.getByLabel('Access Token Lifespan (seconds)')).toHaveValue('1800');
      await form.getByLabel('Token Format').selectOption('jwt');
    });
    const secret = await shownSecret(page);
    const id = (await shown.locator('dd code').first().textContent())!;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await shown.getByRole('button', { name: 'Close' }).click();
    const jwt = await tokenRequest(idp, id, secret);
    expect(jwt.json.access_token.split('.')).toHaveLength(3);

    await page.getByRole('link', { name: 'Inbound integrations', exact: true }).click();
    const opaque = await addClient(page, 'opaque integration');
    const secret2 = await shownSecret(page);
    const id2 = (await opaque.locator('dd code').first().textContent())!;
    const token = await tokenRequest(idp, id2, secret2);
    expect(token.json.access_token).not.toContain('.');
  });
});

test.describe('generic', () => {
  test('no vendor token format choice and no lifetime bounds: the generic words and an RFC-exact mock', async ({ console: page }) => {
    await page.getByRole('button', { name: 'Add client' }).click();
    const form = page.getByRole('dialog', { name: 'Add client' });
    await expect(form.getByLabel('Token lifetime (seconds)')).toHaveValue('3600');
    await expect(form.getByRole('combobox')).toHaveCount(0);
    await expect(form.getByLabel('Never expires')).toBeChecked();
  });
});
