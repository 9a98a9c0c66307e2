// Baseline for the benchmark: a bare node:http server that reads the request body and answers a fixed
// token-shaped JSON with the same headers the mock sends. Prints its port on stdout when listening.
import { createServer } from 'node:http';

const body = JSON.stringify({ access_token: 'x'.repeat(43), token_type: 'Bearer', expires_in: 3600, scope: 'read' });
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port: ${(server.address() as { port: number }).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
server.on('close', () => undefined);
