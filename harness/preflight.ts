// Pre-flight (issue #12): before any suite, the target's metadata (when configured) and one token request with
// its credentials. A wrong secret, an unreachable host or a URL that is not an OAuth endpoint stops the run in
// seconds with one line naming the cause and the fix (CannotTestError, exit 3), instead of a full run that
// reports a conformant IdP as non-conformant. `run --no-preflight` sends the same request without judging it.
import { CannotTestError } from '../lib/errors.ts';
import { encodeForm, formUrlEncode } from '../lib/form.ts';
import { basicAuthorization } from './client-auth.ts';
import { send, type HttpLimits, type HttpResponse } from './http.ts';

export interface TokenRequest {
  url: string;
  client: { id: string; secret: string };
  /** Where the secret comes from, as written in the target (`${env:NAME}`): named in the hint, never the value. */
  secretRef?: string | undefined;
  method: string;
  scope?: string | undefined;
  limits: HttpLimits;
}

/** One client-credentials token request (RFC 6749 §4.4.2) with the primary client. */
export function requestToken(r: TokenRequest, basic: 'form-urlencoded' | 'raw' = 'form-urlencoded'): Promise<HttpResponse> {
  const form: [string, string][] = [['grant_type', 'client_credentials']];
  if (r.scope) form.push(['scope', r.scope]);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (r.method === 'client_secret_post') form.push(['client_id', r.client.id], ['client_secret', r.client.secret]);
  else headers.authorization = basicAuthorization(r.client.id, r.client.secret, basic);
  return send({ method: 'POST', url: r.url, headers, body: encodeForm(form) }, r.limits);
}

/** Throws CannotTestError unless the token endpoint issued a token to the target's client. */
export async function preflightToken(r: TokenRequest, res: HttpResponse): Promise<void> {
  const body = res.json as { access_token?: unknown; error?: unknown; error_description?: unknown } | undefined;
  if (res.status === 200 && typeof body?.access_token === 'string') return;
  const client = `client ${r.client.id}`;
  const where = `token endpoint ${r.url}`;
  if (res.status === 429)
    throw new CannotTestError(`${where}: 429 rate limited${retryAfter(res)} — retry later, or lower limits.ratePerSecond`);
  if (res.status >= 500) throw new CannotTestError(`${where}: ${res.status} — the IdP is failing; retry later`);
  if (res.status >= 300 && res.status < 400)
    throw new CannotTestError(`${where}: ${res.status} redirect to ${res.headers.location ?? '?'} — give the final URL (endpoints.token)`);
  if (typeof body?.error !== 'string') {
    // Not an OAuth answer at all (RFC 6749 §5.1/§5.2 responses are JSON): an HTML page, a 404, another API.
    const type = res.headers['content-type']?.split(';')[0] ?? 'no content type';
    throw new CannotTestError(
      `${where}: ${res.status} ${type}, not an OAuth token response (RFC 6749 §5.1) — check --target-url, or endpoints.token`,
    );
  }
  const error = `${res.status} ${body.error}`;
  if (body.error === 'invalid_client') {
    // An IdP that does not form-urlencode Basic credentials (RFC 6749 §2.3.1) refuses a secret with special
    // characters only when encoded: that is the IdP's non-conformance, for the suites to report, not a wrong secret.
    if (
      r.method !== 'client_secret_post' &&
      formUrlEncode(r.client.secret) + formUrlEncode(r.client.id) !== r.client.secret + r.client.id
    ) {
      const raw = await requestToken(r, 'raw');
      if (raw.status === 200 && typeof (raw.json as { access_token?: unknown } | undefined)?.access_token === 'string') return;
    }
    throw new CannotTestError(`${client}: ${error} — check client.secret${r.secretRef ? ` (${describeRef(r.secretRef)})` : ''}`);
  }
  if (body.error === 'unauthorized_client')
    throw new CannotTestError(`${client}: ${error} — allow the client_credentials grant for ${r.client.id} at the IdP`);
  if (body.error === 'invalid_scope')
    throw new CannotTestError(`${client}: ${error} — check scope (${r.scope ? `"${r.scope}"` : 'none requested'})`);
  const why = typeof body.error_description === 'string' ? ` (${body.error_description.slice(0, 120)})` : '';
  throw new CannotTestError(`${client}: ${error}${why} — the IdP refused a plain client-credentials request; --no-preflight runs anyway`);
}

/** Throws CannotTestError when the configured metadata URL answers no OAuth metadata document (RFC 8414 §3.2). */
export function preflightMetadata(url: string, res: HttpResponse | undefined): void {
  if (res && res.status === 200 && res.json && typeof res.json === 'object' && !Array.isArray(res.json)) return;
  const what = res ? `${res.status} ${res.headers['content-type']?.split(';')[0] ?? 'no content type'}` : 'no answer';
  throw new CannotTestError(
    `metadata ${url}: ${what}, not an OAuth metadata document (RFC 8414 §3.2) — check --target-url (an issuer or its /.well-known/ URL), or give endpoints.token`,
  );
}

function retryAfter(res: HttpResponse): string {
  return res.headers['retry-after'] ? ` (Retry-After: ${res.headers['retry-after']})` : '';
}

/** `${env:NAME}` → `$NAME`, `${file:path}` → `file path`: where the secret comes from, never its value. */
function describeRef(ref: string): string {
  const m = /^\$\{(env|file):([^}]+)\}$/.exec(ref);
  if (!m) return 'given literally in the target file';
  return m[1] === 'env' ? `$${m[2]}` : `file ${m[2]}`;
}
