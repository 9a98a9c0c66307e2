// OAuth error response (RFC 6749 §5.2): a JSON object whose `error` is the expected code, with `error` and
// `error_description` limited to %x20-21 / %x23-5B / %x5D-7E (App. A.7, A.8) and `error_uri` a URI (App. A.9).
import type { AssertionKind } from './types.ts';

const ERROR_CHARSET = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;

export const oauthError: AssertionKind<'oauthError'> = {
  evaluate(spec, { response }) {
    const codes = ([] as string[]).concat(spec.code);
    const body = response.json as Record<string, unknown> | undefined;
    const ct = response.headers['content-type'] ?? '';
    const evidence = { headers: { 'content-type': ct || '(absent)' }, body: body && typeof body === 'object' ? pick(body) : {} };
    const fail = (message: string) => ({ ok: false, message, evidence });
    if (!/^application\/json\s*(;|$)/i.test(ct))
      return fail(`expected an application/json error body, got content-type ${ct || '(absent)'}`);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail('expected a JSON object');
    if (!codes.includes(body.error as string)) return fail(`expected error ${codes.join(' or ')}, got ${JSON.stringify(body.error)}`);
    for (const k of ['error', 'error_description'] as const) {
      if (body[k] !== undefined && !(typeof body[k] === 'string' && ERROR_CHARSET.test(body[k])))
        return fail(`${k} contains characters outside %x20-21 / %x23-5B / %x5D-7E`);
    }
    if (body.error_uri !== undefined && !(typeof body.error_uri === 'string' && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(body.error_uri)))
      return fail('error_uri is not a URI-reference in the allowed character set');
    if ('access_token' in body) return fail('an error response carries an access_token');
    return { ok: true, message: `error ${String(body.error)}`, evidence };
  },
};

function pick(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['error', 'error_description', 'error_uri']) if (k in body) out[k] = body[k];
  return out;
}
