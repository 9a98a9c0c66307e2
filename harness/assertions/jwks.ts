// JWK Set rules (RFC 7517 §4, §5, §9.2; RFC 7518 §6): shape, no private or symmetric material, kid uniqueness,
// use/key_ops consistency, x5c matching the bare key, RSA key size.
import { X509Certificate, createPublicKey } from 'node:crypto';
import type { AssertionKind, AssertionOutcome } from './types.ts';

type Jwk = Record<string, unknown>;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export const jwks: AssertionKind<'jwks'> = {
  evaluate({ rule }, { response }): AssertionOutcome {
    const set = response.json as { keys?: unknown } | undefined;
    if (!set || typeof set !== 'object' || !Array.isArray(set.keys))
      return { ok: false, message: 'not a JWK Set: no "keys" array (RFC 7517 §5)' };
    const keys = set.keys as Jwk[];
    const bad = (message: string): AssertionOutcome => ({ ok: false, message });
    const good = (message: string): AssertionOutcome => ({ ok: true, message });
    switch (rule) {
      case 'set-shape': {
        const i = keys.findIndex((k) => !k || typeof k !== 'object' || typeof k.kty !== 'string');
        return i >= 0 ? bad(`keys[${i}] has no "kty" (RFC 7517 §4.1)`) : good(`${keys.length} keys, each with kty`);
      }
      case 'no-private-material': {
        for (const [i, k] of keys.entries()) {
          const found = PRIVATE_MEMBERS.filter((m) => m in k);
          if (found.length || k.kty === 'oct')
            return bad(
              `keys[${i}] (kid ${String(k.kid)}) publishes ${k.kty === 'oct' ? 'a symmetric key' : `private members ${found.join(', ')}`}`,
            );
        }
        return good('no private or symmetric key material');
      }
      case 'kid-present': {
        const i = keys.findIndex((k) => typeof k.kid !== 'string' || !k.kid);
        return i >= 0 ? bad(`keys[${i}] has no kid`) : good('every key has a kid');
      }
      case 'kid-unique': {
        const kids = keys.map((k) => k.kid).filter((k) => k !== undefined);
        const dup = kids.find((k, i) => kids.indexOf(k) !== i);
        return dup !== undefined ? bad(`kid ${JSON.stringify(dup)} appears more than once`) : good(`${kids.length} distinct kids`);
      }
      case 'use-key-ops': {
        const anyEnc = keys.some((k) => k.use === 'enc');
        for (const [i, k] of keys.entries()) {
          if (anyEnc && k.use === undefined)
            return bad(`keys[${i}] has no "use" although the set also publishes encryption keys (RFC 8414 §2 jwks_uri)`);
          if (k.use !== undefined && Array.isArray(k.key_ops)) {
            const ops = k.key_ops as string[];
            const sigOps = ops.every((o) => o === 'verify' || o === 'sign');
            if ((k.use === 'sig') !== sigOps)
              return bad(`keys[${i}] has inconsistent use "${JSON.stringify(k.use)}" and key_ops ${JSON.stringify(ops)}`);
          }
        }
        return good('use and key_ops are consistent');
      }
      case 'x5c-matches': {
        for (const [i, k] of keys.entries()) {
          if (!Array.isArray(k.x5c) || !k.x5c.length) continue;
          try {
            const cert = new X509Certificate(Buffer.from(String(k.x5c[0]), 'base64'));
            const fromJwk = createPublicKey({ key: k as never, format: 'jwk' }).export({ type: 'spki', format: 'der' });
            if (!cert.publicKey.export({ type: 'spki', format: 'der' }).equals(fromJwk))
              return bad(`keys[${i}]: x5c[0] does not hold the JWK's public key`);
          } catch (err) {
            return bad(`keys[${i}]: x5c[0] cannot be parsed: ${(err as Error).message}`);
          }
        }
        return good('every x5c certificate matches its key');
      }
      case 'rsa-key-size': {
        for (const [i, k] of keys.entries()) {
          if (k.kty !== 'RSA' || typeof k.n !== 'string') continue;
          const bits = Buffer.from(k.n, 'base64url').length * 8;
          if (bits < 2048) return bad(`keys[${i}]: RSA modulus of ${bits} bits is below 2048 (RFC 7518 §3.3)`);
        }
        return good('RSA keys are at least 2048 bits');
      }
    }
  },
};
