// Child of `npm run bench`: the floor of a cold start on this machine. Plain node (no loader, no bundle) starts a
// node:http server that answers every request with a fixed token-shaped JSON, prints its issuer line like the mock
// does, and is timed the same way (spawn to first token): nothing the mock does can start faster than this.
import { createServer } from 'node:http';

const body = JSON.stringify({ access_token: 'x'.repeat(43), token_type: 'Bearer', expires_in: 3600 });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`issuer: http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => process.exit(0));
