// private_key_jwt (RFC 7523 §2.2, §3; RFC 7521 §4.2): the assertion is verified against the client's public
// JWK Set; iss = sub = client_id; aud = the token endpoint or the issuer; exp required and short; jti once.
import { decodeJwt, jwtVerify } from 'jose';
import { clientKeys, type Client } from '../clients.ts';
import type { MockContext } from '../context.ts';
import { ASSERTION_ALGS } from '../defaults.ts';
import type { AssertionChecks } from '../faults/catalogue.ts';
import { firedFaults } from '../faults/engine.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Seen assertion ids (client:jti → exp), so a replayed assertion is refused until it expires. */
const seenJti = new WeakMap<MockContext, Map<string, number>>();

export async function verifyClientAssertion(
  ctx: MockContext,
  assertion: string,
  formClientId: string | undefined,
  endpointUrl: string,
  fail: (why: string) => never,
): Promise<Client> {
  if (assertion.split('.').length !== 3) fail('client_assertion is not a single JWT');
  let claimedId: string | undefined;
  try {
    const claims = decodeJwt(assertion);
    claimedId = typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    fail('client_assertion cannot be decoded');
  }
  if (!claimedId) fail('client_assertion has no sub');
  if (formClientId !== undefined && formClientId !== claimedId) fail('client_id does not match the assertion sub');
  const client = ctx.clients.get(claimedId);
  const keys = client && clientKeys(client);
  if (!keys) fail('unknown client or no registered keys');
  const tolerance = ctx.settings.privateKeyJwt.clockTolerance;
  const checks: AssertionChecks = {
    issuer: client.id,
    audience: [endpointUrl, ctx.issuer()],
    requiredClaims: ['exp', 'jti'],
    clockTolerance: tolerance,
  };
  for (const f of firedFaults()) f.assertion?.(checks);
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      algorithms: ASSERTION_ALGS,
      subject: client.id,
      ...checks,
      currentDate: ctx.clock.date(),
    }));
  } catch (err) {
    fail(`client_assertion rejected: ${(err as Error).message}`);
  }
  const now = ctx.clock.now();
  if (payload.exp! - now > ctx.settings.privateKeyJwt.maxLifetime + tolerance) fail('client_assertion lifetime is too long');
  let seen = seenJti.get(ctx);
  if (!seen) seenJti.set(ctx, (seen = new Map<string, number>()));
  for (const [k, exp] of seen) if (exp + tolerance < now) seen.delete(k);
  const key = `${client.id}\u0000${String(payload.jti)}`;
  if (seen.has(key)) fail('client_assertion jti was already used');
  seen.set(key, payload.exp!);
  return client;
}
