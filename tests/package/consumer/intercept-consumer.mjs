// interceptIdp from the installed package: a ServiceNow instance URL answered in process, with fetch and with
// node:https; every other host refused, so nothing here reaches the network.
import { request } from 'node:https';
import { interceptIdp } from 'idp-conformance';

const instance = 'https://acme.service-now.com';
const idp = await interceptIdp({
  issuer: instance,
  profile: 'servicenow',
  clients: [{ id: 'integration', secret: 'sn-secret' }],
  otherHosts: 'refuse',
});
try {
  const res = await fetch(`${instance}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=integration&client_secret=sn-secret',
  });
  const jwksStatus = await new Promise((resolve, reject) =>
    request(`${instance}/api/now/oauth/jwks`, (r) => {
      r.resume();
      resolve(r.statusCode);
    })
      .on('error', reject)
      .end(),
  );
  const other = await fetch('https://unrelated.example/').then(
    () => 'reached',
    () => 'refused',
  );
  console.log(`fetch=${res.status} https=${jwksStatus} other=${other}`);
} finally {
  await idp.restore();
}
