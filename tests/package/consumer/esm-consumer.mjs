// The README's library example, from a plain ESM script in a project that installed the package.
import { startMockIdp } from 'idp-conformance';

const idp = await startMockIdp({
  port: 0,
  config: { clients: [{ id: 'my-service', secret: 'my-secret', scopes: ['read'] }] },
});
try {
  const res = await fetch(idp.url('/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'my-service', client_secret: 'my-secret', scope: 'read' }),
  });
  const body = await res.json();
  console.log(`status=${res.status} token_type=${body.token_type}`);
} finally {
  await idp.close();
}
