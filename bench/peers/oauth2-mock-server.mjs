// Peer for `npm run bench`: oauth2-mock-server started the way its README shows (a generated RS256 key), on
// port 0; prints "issuer: URL" when ready, like `idp-conformance mock`. It accepts any client credentials.
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(0, '127.0.0.1');
process.stdout.write(`issuer: ${server.issuer.url}\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
