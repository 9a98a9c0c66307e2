// Text the target chose is bounded before it enters evidence, messages or the redactor (issue #15): an IdP can
// send up to the response cap (1 MiB) in one error_description, and a report needs the first few KiB to show
// what was wrong, never the whole of it.
import type { Evidence } from '../src/report/model.ts';

/** Bytes of one target-supplied string kept in evidence and messages. */
export const TARGET_TEXT_LIMIT = 4096;

// Characters a token, secret or encoded credential is made of: a cut inside such a run would leave a piece of a
// credential that the redactor can no longer recognise, so the run is dropped whole.
const CREDENTIAL_CHAR = /[A-Za-z0-9._~+/=%-]/;

/** At most `limit` bytes of `s`, then "… (N bytes)" when it was longer. */
export function capText(s: string, limit = TARGET_TEXT_LIMIT): string {
  if (s.length <= limit / 3) return s; // at most 3 UTF-8 bytes per UTF-16 unit: certainly short enough
  const bytes = Buffer.byteLength(s, 'utf8');
  if (bytes <= limit) return s;
  let head = Buffer.from(s.slice(0, limit), 'utf8')
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  if (CREDENTIAL_CHAR.test(s.charAt(head.length))) {
    let end = head.length;
    while (end > 0 && CREDENTIAL_CHAR.test(head.charAt(end - 1))) end--;
    head = head.slice(0, end);
  }
  return `${head}… (${bytes} bytes)`;
}

/** A string capped; an object or array whose JSON is over the limit becomes its capped JSON text. */
export function capValue(v: unknown, limit = TARGET_TEXT_LIMIT): unknown {
  if (typeof v === 'string') return capText(v, limit);
  if (v === null || typeof v !== 'object') return v;
  const text = JSON.stringify(v);
  return text.length > limit ? capText(text, limit) : v;
}

const capHeaders = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [capText(k, 256), capText(String(v))]));

/** Evidence whose URL, header values and body members, on both sides, and curl line are each capped. */
export function capEvidence(e: Evidence): Evidence {
  const out: Evidence = { ...e };
  if (e.url !== undefined) out.url = capText(e.url);
  if (e.headers) out.headers = capHeaders(e.headers);
  if (e.body) out.body = Object.fromEntries(Object.entries(e.body).map(([k, v]) => [capText(k, 256), capValue(v)]));
  if (e.request) {
    const r = e.request;
    out.request = { ...r, url: capText(r.url), headers: capHeaders(r.headers) };
    if (r.body !== undefined) out.request.body = capText(r.body);
    if (r.form)
      out.request.form = Object.fromEntries(
        Object.entries(r.form).map(([k, v]) => [capText(k, 256), Array.isArray(v) ? v.map((x) => capText(x)) : capText(v)]),
      );
  }
  if (e.curl !== undefined) out.curl = capText(e.curl);
  return out;
}
