// Playwright Test with the `mockIdp` fixture: a mock per worker (per distinct options), configured by options.
import { DEFAULT_CLIENT, expect, test } from 'idp-conformance/playwright';

test.use({ idpProfile: 'oci-iam', idpTokens: { alg: 'ES256' } }); // also: idpClients, idpFaults, idpTls, idpScope, idpOptions

test('gets a bearer token from the Oracle-profile mock', async ({ mockIdp }) => {
  const res = await fetch(mockIdp.url(mockIdp.context.settings.paths.token), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.id}:${DEFAULT_CLIENT.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
});
