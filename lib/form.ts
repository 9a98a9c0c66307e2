// application/x-www-form-urlencoded (WHATWG URL §5, RFC 6749 Appendix B): the one encoder and decoder of
// form names and values that the mock, its faults and the harness share.

/** One name or value: space becomes "+", everything else percent-encoded as URLSearchParams does. */
export function formUrlEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** A form body from name/value pairs, in order (a name may repeat). */
export function encodeForm(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs].map(([k, v]) => `${formUrlEncode(k)}=${formUrlEncode(v)}`).join('&');
}

/** One name or value: "+" is a space, then percent-decoding; undefined when the percent-encoding is malformed. */
export function formUrlDecode(part: string): string | undefined {
  const s = part.includes('+') ? part.replace(/\+/g, ' ') : part;
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
