// Child of `npm run bench`: in one fresh process, the library (the built package entry) imported, then startMockIdp() to
// first token, `runs` times in a row (the first one pays what a new test-file process pays: profile, schema and
// signing key; later ones show the per-process key reuse). Prints one JSON line: { alg, ms: [..] }.
// Usage: node bench/in-process.mjs ALG RUNS [fresh]
// The package's own entry (self-reference through package.json "exports": dist/index.js), as a user imports it.
import { startMockIdp } from 'idp-conformance';

const [alg = 'RS256', runs = '5', fresh] = process.argv.slice(2);
const basic = `Basic ${Buffer.from('bench-client:bench-secret').toString('base64')}`;
const ms = [];
for (let i = 0; i < Number(runs); i++) {
  const t0 = performance.now();
  const idp = await startMockIdp({
    port: 0,
    config: { tokens: { alg }, clients: [{ id: 'bench-client', secret: 'bench-secret' }] },
    keys: fresh === 'fresh' ? 'fresh' : undefined,
  });
  const r = await fetch(idp.endpoints.token, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (r.status !== 200) throw new Error(`token request answered ${r.status}`);
  await r.json();
  ms.push(performance.now() - t0);
  await idp.close();
}
process.stdout.write(`${JSON.stringify({ alg, ms })}\n`);
