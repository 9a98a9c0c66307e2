// One matcher vocabulary for JSON members, JWT header/claims and headers (peers.md §6.1 "Assertion vocabulary").

export interface Matcher {
  equals?: unknown;
  notEquals?: unknown;
  ignoreCase?: boolean;
  in?: unknown[];
  notIn?: unknown[];
  matches?: string;
  notMatches?: string;
  flags?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
  /** Array element, or a token of a space-delimited string (RFC 6749 §3.3 scope). */
  contains?: unknown;
  notContains?: unknown;
  absent?: boolean;
  present?: boolean;
  nonEmpty?: boolean;
  minLength?: number;
  /** The value is an absolute URL with this scheme (RFC 8414 §2 endpoints). */
  url?: { scheme?: string | string[]; noQuery?: boolean; noFragment?: boolean };
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function norm(v: unknown, ignoreCase: boolean | undefined): unknown {
  return ignoreCase && typeof v === 'string' ? v.toLowerCase() : v;
}

function same(a: unknown, b: unknown, ignoreCase?: boolean): boolean {
  return JSON.stringify(norm(a, ignoreCase)) === JSON.stringify(norm(b, ignoreCase));
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function members(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v as unknown[];
  if (typeof v === 'string') return v.split(' ').filter(Boolean);
  return undefined;
}

/** Returns undefined when the value satisfies the matcher, otherwise why not. */
export function mismatch(value: unknown, m: Matcher): string | undefined {
  const shown = describeValue(value);
  if (m.absent) return value === undefined ? undefined : `expected absent, got ${shown}`;
  if (value === undefined) {
    if (
      m.present ||
      Object.keys(m).some(
        (k) => k !== 'notEquals' && k !== 'notIn' && k !== 'notContains' && k !== 'notMatches' && k !== 'ignoreCase' && k !== 'flags',
      )
    )
      return 'expected present, got absent';
    return undefined;
  }
  if (m.type) {
    const ok = m.type === 'integer' ? Number.isInteger(value) : typeOf(value) === m.type;
    if (!ok) return `expected a JSON ${m.type}, got ${shown}`;
  }
  if ('equals' in m && !same(value, m.equals, m.ignoreCase)) return `expected ${describeValue(m.equals)}, got ${shown}`;
  if ('notEquals' in m && same(value, m.notEquals, m.ignoreCase)) return `expected anything but ${describeValue(m.notEquals)}`;
  if (m.in && !m.in.some((x) => same(value, x, m.ignoreCase))) return `expected one of ${describeValue(m.in)}, got ${shown}`;
  if (m.notIn && m.notIn.some((x) => same(value, x, m.ignoreCase))) return `expected none of ${describeValue(m.notIn)}, got ${shown}`;
  // On an array, `matches` holds when any element matches (e.g. a list of supported methods).
  const texts = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  if (m.matches !== undefined && !texts.some((t) => new RegExp(m.matches!, m.flags).test(t)))
    return `expected to match /${m.matches}/${m.flags ?? ''}, got ${shown}`;
  if (m.notMatches !== undefined && texts.some((t) => new RegExp(m.notMatches!, m.flags).test(t)))
    return `expected not to match /${m.notMatches}/${m.flags ?? ''}, got ${shown}`;
  for (const [op, test] of [
    ['gt', (a: number, b: number) => a > b],
    ['gte', (a: number, b: number) => a >= b],
    ['lt', (a: number, b: number) => a < b],
    ['lte', (a: number, b: number) => a <= b],
  ] as const) {
    const bound = m[op];
    if (bound === undefined) continue;
    if (typeof value !== 'number' || !test(value, Number(bound))) return `expected ${op} ${bound}, got ${shown}`;
  }
  if (m.contains !== undefined) {
    const list = members(value);
    if (!list || !list.some((x) => same(x, m.contains, m.ignoreCase)))
      return `expected to contain ${describeValue(m.contains)}, got ${shown}`;
  }
  if (m.notContains !== undefined) {
    const list = members(value);
    if (list && list.some((x) => same(x, m.notContains, m.ignoreCase)))
      return `expected not to contain ${describeValue(m.notContains)}, got ${shown}`;
  }
  if (
    m.nonEmpty &&
    (value === '' ||
      (Array.isArray(value) && value.length === 0) ||
      (typeOf(value) === 'object' && Object.keys(value as object).length === 0))
  )
    return `expected non-empty, got ${shown}`;
  if (m.minLength !== undefined && !((typeof value === 'string' || Array.isArray(value)) && value.length >= m.minLength))
    return `expected length >= ${m.minLength}, got ${shown}`;
  if (m.url) {
    let u: URL;
    try {
      if (typeof value !== 'string') throw new Error();
      u = new URL(value);
    } catch {
      return `expected an absolute URL, got ${shown}`;
    }
    const schemes = m.url.scheme === undefined ? undefined : ([] as string[]).concat(m.url.scheme);
    if (schemes && !schemes.includes(u.protocol.slice(0, -1))) return `expected scheme ${schemes.join(' or ')}, got ${shown}`;
    if (m.url.noQuery && (u.search || String(value).includes('?'))) return `expected no query component, got ${shown}`;
    if (m.url.noFragment && (u.hash || String(value).includes('#'))) return `expected no fragment, got ${shown}`;
  }
  return undefined;
}
