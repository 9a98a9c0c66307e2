// Header assertions, including list tokens (Cache-Control, Pragma; RFC 9111 §5.2) and authentication
// challenges (RFC 9110 §11.6.1, RFC 6750 §3): scheme and auth-params, each param at most once.
import { mismatch } from '../matchers.ts';
import type { AssertionKind } from './types.ts';

export interface Challenge {
  scheme: string;
  params: [string, string][];
}

/** Parse the first challenge of a WWW-Authenticate value: `Bearer realm="x", error="invalid_token"`. */
export function parseChallenge(value: string): Challenge | undefined {
  const m = /^\s*([!#$%&'*+.^_`|~\w-]+)\s*(.*)$/s.exec(value);
  if (!m) return undefined;
  const params: [string, string][] = [];
  const re = /\s*([!#$%&'*+.^_`|~\w-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]*)\s*,?/gy;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!))) {
    if (!p[0]) break;
    params.push([p[1]!.toLowerCase(), p[3] !== undefined ? p[3].replace(/\\(.)/g, '$1') : p[2]!]);
    if (re.lastIndex >= m[2]!.length) break;
  }
  return { scheme: m[1]!, params };
}

export const header: AssertionKind<'header'> = {
  evaluate(spec, { response }) {
    const { name, containsToken, scheme, params, uniqueParams, ...matcher } = spec;
    const key = name.toLowerCase();
    const value = response.headers[key];
    const evidence = { headers: { [key]: value ?? '(absent)' } };
    const fail = (message: string) => ({ ok: false, message: `${name}: ${message}`, evidence });
    const why = mismatch(value, matcher);
    if (why) return fail(why);
    if (containsToken !== undefined) {
      const tokens = (value ?? '').split(',').map((s) => s.trim().split('=')[0]!.toLowerCase());
      if (!tokens.includes(containsToken.toLowerCase()))
        return fail(`expected the token "${containsToken}", got ${value === undefined ? 'absent' : JSON.stringify(value)}`);
    }
    if (scheme !== undefined || params || uniqueParams) {
      const c = value === undefined ? undefined : parseChallenge(value);
      if (!c) return fail('expected an authentication challenge, got ' + (value === undefined ? 'absent' : JSON.stringify(value)));
      if (scheme !== undefined && c.scheme.toLowerCase() !== scheme.toLowerCase())
        return fail(`expected scheme ${scheme}, got ${c.scheme}`);
      if (uniqueParams) {
        const seen = new Set<string>();
        for (const [k] of c.params) {
          if (seen.has(k)) return fail(`auth-param "${k}" appears more than once`);
          seen.add(k);
        }
      }
      for (const [p, m] of Object.entries(params ?? {})) {
        const v = c.params.find(([k]) => k === p.toLowerCase())?.[1];
        const bad = mismatch(v, m);
        if (bad) return fail(`auth-param ${p}: ${bad}`);
      }
    }
    return { ok: true, message: `${name}: ${value === undefined ? 'absent' : JSON.stringify(value)}`, evidence };
  },
};
