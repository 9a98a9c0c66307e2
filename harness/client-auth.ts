// Client authentication as RFC 6749 §2.3.1 and RFC 7523 §2.2 define it. The Basic header form-urlencodes the
// client id and secret *before* Base64 (App. B), which is what most hand-rolled clients get wrong.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { formUrlEncode } from '../lib/form.ts';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function basicAuthorization(clientId: string, secret: string, encoding: 'form-urlencoded' | 'raw' = 'form-urlencoded'): string {
  const pair = encoding === 'raw' ? `${clientId}:${secret}` : `${formUrlEncode(clientId)}:${formUrlEncode(secret)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

export interface AssertionOptions {
  clientId: string;
  jwk: JWK;
  alg: string;
  kid?: string;
  audience: string;
  /** Overrides for negative cases (RFC 7523 §3): claims set to undefined are removed. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  nowSeconds?: number;
}

/** A client assertion JWT (RFC 7523 §3): iss = sub = client_id, aud = the AS, short exp, unique jti. */
export async function clientAssertion(o: AssertionOptions): Promise<string> {
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: o.clientId,
    sub: o.clientId,
    aud: o.audience,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...o.claims,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  const header = { alg: o.alg, typ: 'JWT', ...(o.kid ? { kid: o.kid } : {}), ...o.header };
  if (header.alg === 'none') {
    const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return `${enc(header)}.${enc(claims)}.`;
  }
  const key = await importJWK(o.jwk, o.alg);
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** Flip one character of the signature so it no longer verifies. */
export function tamperSignature(jwt: string): string {
  const [h, p, s = ''] = jwt.split('.');
  const i = Math.floor(s.length / 2);
  const c = s[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, i)}${c}${s.slice(i + 1)}`;
}
