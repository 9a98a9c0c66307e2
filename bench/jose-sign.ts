// jose's own JWT signing rate with many signs in flight, in a process of its own: the ceiling the mock's
// RS256 / ES256 token rates are compared with. argv: ALG SECONDS INFLIGHT → one JSON line on stdout.
import { generateKeyPair, SignJWT } from 'jose';

const [alg = 'RS256', seconds = '5', inflight = '64'] = process.argv.slice(2);
const { privateKey } = await generateKeyPair(alg);
const claims = { client_id: 'bench-client', scope: 'read' };

function sign(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'at+jwt', kid: 'bench-kid-0123456789abcdefghijklmnopqrstuv' })
    .setIssuer('http://127.0.0.1:9400')
    .setSubject('bench-client')
    .setAudience('http://127.0.0.1:9400/resource')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}

async function run(ms: number): Promise<number> {
  const end = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await sign();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Number(inflight) }, worker));
  return done / ((performance.now() - start) / 1000);
}

await run(1_000); // warm-up
const rate = await run(Number(seconds) * 1000);
process.stdout.write(`${JSON.stringify({ alg, inflight: Number(inflight), signsPerSecond: rate })}\n`);
