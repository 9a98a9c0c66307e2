// Uniqueness and entropy over N responses (RFC 6749 §10.10: guessing probability ≤ 2^-128; RFC 7519 §4.1.7
// jti uniqueness). Entropy is estimated from length × log2(alphabet), the same slack-allowing estimate as the
// OpenID conformance suite's EnsureMinimumAccessTokenEntropy.
import { decodeJwt } from 'jose';
import { selectOne } from '../json-path.ts';
import type { AssertionKind } from './types.ts';

function valuesOf(path: string, jwtClaim: string | undefined, responses: { json: unknown }[]): unknown[] {
  return responses.map((r) => {
    const v = selectOne(r.json, path);
    if (!jwtClaim || typeof v !== 'string') return v;
    try {
      return decodeJwt(v)[jwtClaim];
    } catch {
      return undefined;
    }
  });
}

export const unique: AssertionKind<'unique'> = {
  evaluate(spec, { responses }) {
    const what = spec.jwtClaim ? `${spec.path} ${spec.jwtClaim}` : spec.path;
    const values = valuesOf(spec.path, spec.jwtClaim, responses);
    const present = values.filter((v) => v !== undefined && v !== '');
    const min = spec.min ?? 2;
    if (present.length < min)
      return { ok: false, message: `${what}: only ${present.length} of ${responses.length} responses carried a value` };
    const distinct = new Set(present.map((v) => JSON.stringify(v))).size;
    return distinct === present.length
      ? { ok: true, message: `${what}: ${distinct} distinct values over ${present.length} responses` }
      : { ok: false, message: `${what}: ${present.length - distinct} repeated values over ${present.length} responses` };
  },
};

export function estimateBits(value: string): number {
  const alphabet =
    /^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)
      ? 16
      : /^[0-9A-Za-z]+$/.test(value)
        ? 62
        : /^[\w-]+=*$/.test(value) || /^[A-Za-z0-9+/]+=*$/.test(value)
          ? 64
          : 95;
  return value.replace(/=+$/, '').length * Math.log2(alphabet);
}

export const entropy: AssertionKind<'entropy'> = {
  evaluate(spec, { responses }) {
    const values = responses.map((r) => selectOne(r.json, spec.path)).filter((v): v is string => typeof v === 'string');
    if (!values.length) return { ok: false, message: `${spec.path}: no value to estimate` };
    const bits = Math.min(...values.map(estimateBits));
    return bits >= spec.minBits
      ? { ok: true, message: `${spec.path}: at least ~${Math.floor(bits)} bits (length × log2 alphabet) over ${values.length} values` }
      : { ok: false, message: `${spec.path}: only ~${Math.floor(bits)} bits, below ${spec.minBits}` };
  },
};
