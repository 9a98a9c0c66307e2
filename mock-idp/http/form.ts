// Strict application/x-www-form-urlencoded parsing for OAuth endpoints (RFC 6749 §3.2, Appendix B):
// a repeated parameter or malformed percent-encoding is invalid_request; an empty value counts as omitted.
import type { IncomingHttpHeaders } from 'node:http';
import { formUrlDecode } from '../../lib/form.ts';
import { InvalidRequest } from '../errors.ts';

export type Form = Map<string, string>;

function decode(part: string): string {
  const s = formUrlDecode(part);
  if (s === undefined) throw new InvalidRequest('malformed percent-encoding in the request body');
  return s;
}

export function parseForm(text: string): Form {
  const form: Form = new Map();
  const seen = new Set<string>();
  if (!text) return form;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (seen.has(name)) throw new InvalidRequest(`parameter "${name.replace(/["\\]/g, '')}" must not be repeated`);
    seen.add(name);
    // RFC 6749 §3.2: "Parameters sent without a value MUST be treated as if they were omitted."
    if (value !== '') form.set(name, value);
  }
  return form;
}

/** RFC 6749 §4.4.2 / App. B: the body must be form-encoded; JSON or anything else is invalid_request. */
export function requireFormBody(headers: IncomingHttpHeaders, body: Buffer): Form {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new InvalidRequest('the request body must be application/x-www-form-urlencoded');
  }
  return parseForm(body.toString('utf8'));
}
