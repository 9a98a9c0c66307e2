// JWT assertions (RFC 7519, RFC 9068): header and claim matchers, required claims, NumericDate form, lifetime
// against expires_in, and the signature verified with the key the target publishes at jwks_uri.
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { TransportError } from '../http.ts';
import { selectOne } from '../json-path.ts';
import { mismatch } from '../matchers.ts';
import type { AssertionKind } from './types.ts';

export const jwt: AssertionKind<'jwt'> = {
  async evaluate(spec, ctx) {
    const token = spec.value ?? (spec.path ? selectOne(ctx.response.json, spec.path) : undefined);
    const where = spec.path ?? 'token';
    if (typeof token !== 'string') return { ok: false, message: `${where}: no token to decode` };
    let header: ProtectedHeaderParameters;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return { ok: false, message: `${where}: not a JWT (RFC 7519 §7.2)` };
    }
    const problems: string[] = [];
    const evidence = { body: { header: { alg: header.alg, typ: header.typ, kid: header.kid } } };
    for (const [name, m] of Object.entries(spec.header ?? {})) {
      const why = mismatch((header as Record<string, unknown>)[name], m);
      if (why) problems.push(`header ${name}: ${why}`);
    }
    for (const [name, m] of Object.entries(spec.claims ?? {})) {
      const why = mismatch(claims[name], m);
      if (why) problems.push(`claim ${name}: ${why}`);
    }
    const missing = (spec.required ?? []).filter((c) => claims[c] === undefined);
    if (missing.length) problems.push(`missing claims: ${missing.join(', ')}`);
    for (const c of spec.numericDates ?? []) {
      const v = claims[c];
      if (!Number.isInteger(v) || (v as number) <= 0 || (v as number) > 1e11)
        problems.push(`claim ${c}: expected a NumericDate in seconds, got ${JSON.stringify(v)}`);
    }
    if (spec.numericDates?.includes('exp') && spec.numericDates.includes('iat') && !((claims.exp ?? 0) > (claims.iat ?? 0)))
      problems.push('exp is not after iat');
    if (spec.lifetimeMatchesExpiresIn !== undefined) {
      const expiresIn = selectOne(ctx.response.json, '$.expires_in');
      const lifetime = (claims.exp ?? NaN) - (claims.iat ?? NaN);
      if (typeof expiresIn !== 'number' || !(Math.abs(lifetime - expiresIn) <= spec.lifetimeMatchesExpiresIn))
        problems.push(`exp - iat = ${lifetime} s but expires_in = ${JSON.stringify(expiresIn)}`);
    }
    if (spec.iatWithin !== undefined) {
      const drift = Math.abs((claims.iat ?? 0) - Date.now() / 1000);
      if (!(drift <= spec.iatWithin)) problems.push(`iat is ${Math.round(drift)} s away from the harness clock`);
    }
    if (spec.verify) {
      try {
        const keys = await ctx.jwks();
        if (header.kid !== undefined && !keys.keys.some((k) => k.kid === header.kid))
          problems.push(`kid "${header.kid}" is not in the JWKS at jwks_uri`);
        else await compactVerify(token, createLocalJWKSet(keys));
      } catch (err) {
        // A JWKS that could not be fetched in transit says nothing about the signature: the check could not be
        // evaluated (outcome error), not a MUST failure of the target.
        if (err instanceof TransportError) throw err;
        problems.push(`signature does not verify against jwks_uri: ${(err as { code?: string }).code ?? (err as Error).message}`);
      }
    }
    return problems.length
      ? { ok: false, message: `${where}: ${problems.join('; ')}`, evidence }
      : {
          ok: true,
          message: `${where}: ${spec.verify ? `signature verified (alg ${header.alg}, kid ${header.kid ?? '-'})` : 'ok'}`,
          evidence,
        };
  },
};
