// Peer for `npm run bench`: oidc-provider (panva) with the client-credentials grant and one confidential client
// (bench-client / bench-secret), its default in-memory adapter and generated development keys, on port 0; prints
// "issuer: URL" when ready, like `idp-conformance mock`. Its client-credentials tokens are opaque by default.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'bench-client',
      client_secret: 'bench-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'read',
    },
  ],
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  scopes: ['read'],
});
server.on('request', provider.callback());
process.stdout.write(`issuer: ${issuer}\n`);
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
