// Oracle Integration 3 profile (vendor-behaviour.md B.2): the identity domain issues the token; the app must
// be activated; the integration endpoint needs the ServiceInvoker role and the consumer::all scope.
import type { MockIdp } from '../../mock-idp/index.ts';
import { basic, expect, postForm, test } from './helpers.ts';

const AUD = 'https://0A1B2C3D4E5F60718293A4B5C6D7E8F9.integration.us-ashburn-1.ocp.oraclecloud.com:443';
const FLOW = '/ic/api/integration/v1/flows/rest/HELLO_WORLD/1.0/info';
const scopes = ['urn:opc:resource:consumer::all', '/ic/api/'];
const config = {
  resource: { audience: AUD },
  clients: [
    { id: '8d2f0c1e4b5a69788796a5b4c3d2e1f0', secret: 'invoker-secret', audience: AUD, scopes, roles: ['ServiceInvoker'] },
    { id: '1f0c1e4b5a69788796a5b4c3d2e1f08d', secret: 'norole-secret', audience: AUD, scopes },
    { id: '2e1f08d1f0c1e4b5a69788796a5b4c3d', secret: 'inactive-secret', audience: AUD, scopes, roles: ['ServiceInvoker'], enabled: false },
  ],
};
const [INVOKER, NO_ROLE, INACTIVE] = config.clients;

const token = (idp: MockIdp, client: { id: string; secret: string }, scope = `${AUD}urn:opc:resource:consumer::all`) =>
  postForm(idp, '/oauth2/v1/token', { grant_type: 'client_credentials', scope }, { Authorization: basic(client.id, client.secret) });
const callFlow = (idp: MockIdp, accessToken: string) => fetch(idp.url(FLOW), { headers: { Authorization: `Bearer ${accessToken}` } });

test('an activated app with ServiceInvoker gets a token for <audience>urn:opc:resource:consumer::all and can call the integration (OIC prerequisites)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/application-integration/aiagents/complete-prerequisites-create-and-activate-confidential-client-application.html
  const idp = await mock({ profile: 'oracle-integration', config });
  const r = await token(idp, INVOKER!);
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  const res = await callFlow(idp, r.json.access_token);
  expect(res.status).toBe(200);
});

test('an app that is not activated gets no token (OIC: activate the confidential application)', async ({ mock }) => {
  // https://docs.oracle.com/en/cloud/paas/application-integration/aiagents/complete-prerequisites-create-and-activate-confidential-client-application.html
  const idp = await mock({ profile: 'oracle-integration', config });
  const r = await token(idp, INACTIVE!);
  expect(r.status).toBe(401);
  expect(r.json.error).toBe('invalid_client');
  expect(r.json).not.toHaveProperty('access_token');
});

test('without ServiceInvoker the token is still issued but the integration answers 401 (OIC: Unauthorized errors, check roles)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/check-roles-assigned-your-confidential-application.html
  const idp = await mock({ profile: 'oracle-integration', config });
  const r = await token(idp, NO_ROLE!);
  expect(r.status).toBe(200);
  expect((await callFlow(idp, r.json.access_token)).status).toBe(401);
  // The role is checked at the call: granting it later lets the same token through.
  idp.context.clients.get(NO_ROLE!.id)!.roles.push('ServiceInvoker');
  expect((await callFlow(idp, r.json.access_token)).status).toBe(200);
});

test('a token for <audience>/ic/api/ only (Developer APIs) is refused by the integration with 401 (OIC: scopes must match)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/check-scopes-match-your-oracle-integration-instance.html
  const idp = await mock({ profile: 'oracle-integration', config });
  const r = await token(idp, INVOKER!, `${AUD}/ic/api/`);
  expect(r.status).toBe(200);
  expect((await callFlow(idp, r.json.access_token)).status).toBe(401);
});

test('a token for another audience is refused by the integration with 401 (OIC: check scopes match the primary audience)', async ({
  mock,
}) => {
  // https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/check-scopes-match-your-oracle-integration-instance.html
  const idp = await mock({
    profile: 'oracle-integration',
    config: { ...config, clients: [{ ...INVOKER!, audience: 'https://other.example.com' }] },
  });
  const r = await token(idp, INVOKER!, 'https://other.example.comurn:opc:resource:consumer::all');
  expect(r.status).toBe(200);
  expect((await callFlow(idp, r.json.access_token)).status).toBe(401);
});
