// The one redaction module (issue #13 "one of each helper"), used by the harness for every string it writes
// (console, attachments) and by the report writer as the last line of defence before files are written (the
// class of leak Hurl fixed report by report, peers.md: hurl#2972). One marker style: `[redacted]`,
// `[redacted:jwt]`, `[redacted:<label>]`, `[redacted:token sha256:…]`.
//
// Everything here runs on text the target chose, synchronously, so nothing may backtrack (issue #15: a JWT-shape
// regex took minutes on 0.9 MB of `eyJeyJ…`): registered values are found with Aho–Corasick and JWT shapes with
// a single pass over runs of base64url characters; the few regular expressions left are anchored or have a
// bounded alternation followed by one greedy class, so each input position is examined a bounded number of times.
import { createHash } from 'node:crypto';
import { formUrlEncode } from '../../lib/form.ts';
import type { ComplianceReport, Evidence, RequestEvidence } from './model.ts';

export const REDACTED = '[redacted]';
export const REDACTED_JWT = '[redacted:jwt]';

const MIN_LENGTH = 6;

/** The encodings a secret can appear in once it has gone through HTTP. */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  forms.add(encodeURIComponent(value));
  forms.add(formUrlEncode(value));
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((f) => f.length >= MIN_LENGTH);
}

/** A short, stable, non-reversible name for a token, so evidence can say "the same token" without its value. */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

/**
 * Literal multi-string search in time linear in the text (Aho–Corasick over the reversed patterns, run on the
 * reversed text, gives the longest pattern starting at each position; a left-to-right pass then takes the
 * leftmost-longest matches, as a longest-first regex alternation would).
 */
class LiteralSet {
  private readonly next: Map<number, number>[] = [new Map<number, number>()];
  private readonly fail: number[] = [0];
  /** Length of the longest pattern that is a suffix of the node's string (0: none). */
  private readonly out: number[] = [0];

  constructor(patterns: Iterable<string>) {
    for (const p of patterns) {
      let node = 0;
      for (let i = p.length - 1; i >= 0; i--) {
        const c = p.charCodeAt(i);
        let child = this.next[node]!.get(c);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push(0);
          this.next[node]!.set(c, child);
        }
        node = child;
      }
      this.out[node] = Math.max(this.out[node]!, p.length);
    }
    const queue: number[] = [...this.next[0]!.values()];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      for (const [c, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child] = Math.max(this.out[child]!, this.out[this.fail[child]]!);
        queue.push(child);
      }
    }
  }

  /** Replace the leftmost-longest occurrences; `replace` gets the matched text. */
  replaceAll(text: string, replace: (match: string) => string): string {
    const n = text.length;
    const longest = new Int32Array(n);
    let node = 0;
    for (let i = n - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      while (node && !this.next[node]!.has(c)) node = this.fail[node]!;
      node = this.next[node]!.get(c) ?? 0;
      longest[i] = this.out[node]!;
    }
    let out = '';
    let from = 0;
    for (let i = 0; i < n;) {
      const len = longest[i]!;
      if (len) {
        out += text.slice(from, i) + replace(text.slice(i, i + len));
        i += len;
        from = i;
      } else i++;
    }
    return from ? out + text.slice(from) : text;
  }
}

function isB64url(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

/**
 * Masks compact JWS/JWE (`eyJ…` header, a payload of at least 4 characters, and what follows up to the end of the
 * dotted run): always a token or an assertion, whatever field it is in, even if nobody registered it. One pass.
 */
export function maskJwtShapes(text: string): string {
  let out = '';
  let from = 0;
  const n = text.length;
  let i = text.indexOf('eyJ');
  while (i >= 0 && i < n) {
    // Segment holding this eyJ: it needs 4 more characters, then a dot and a payload of 4+.
    let j = i + 3;
    while (j < n && isB64url(text.charCodeAt(j))) j++;
    let token = false;
    if (j - i >= 7 && text.charCodeAt(j) === 46) {
      let k = j + 1;
      while (k < n && isB64url(text.charCodeAt(k))) k++;
      if (k - j - 1 >= 4 && text.charCodeAt(k) === 46) {
        // The rest of the run: signature, or the remaining JWE parts.
        let end = k + 1;
        while (end < n && (isB64url(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
        out += text.slice(from, i) + REDACTED_JWT;
        from = end;
        i = text.indexOf('eyJ', end);
        token = true;
      }
    }
    // Not a token: any later eyJ of this segment shares its end and its payload, so it fails too; go past it.
    if (!token) i = text.indexOf('eyJ', j);
  }
  return from ? out + text.slice(from) : text;
}

// Credentials after an HTTP authentication scheme, in a message or a header value echoed into evidence.
const BASIC_OR_BEARER = /\b(Basic|Bearer|DPoP) +[A-Za-z0-9+/=._~-]{8,}/gi;

/** Every shape that is a credential whatever field it is in: compact JWTs, Basic / Bearer / DPoP credentials. */
export function scrubString(s: string): string {
  return maskJwtShapes(s).replace(BASIC_OR_BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/**
 * Every value registered here (client secrets, Basic headers, client assertions, issued tokens) is replaced by a
 * marker in every string the harness writes, together with its Base64, base64url and URL-encoded forms, so a value
 * cannot slip out re-encoded (issue #4 "Secrets never leave"); then the shapes of scrubString.
 */
export class Redactor {
  private readonly forms = new Map<string, string>();
  private readonly byLabel = new Map<string, Set<string>>();
  private matcher: LiteralSet | undefined;

  /** Register a secret under a label; all its encoded forms are scrubbed from then on. */
  add(value: string | undefined, label = 'secret'): void {
    if (!value || value.length < MIN_LENGTH) return;
    this.byLabel.set(label, (this.byLabel.get(label) ?? new Set<string>()).add(value));
    const marker = label === 'token' ? `[redacted:token ${fingerprint(value)}]` : `[redacted:${label}]`;
    for (const form of encodedForms(value)) if (!this.forms.has(form)) this.forms.set(form, marker);
    this.matcher = undefined;
  }

  /** Register every token-bearing member of a JSON response body (access, refresh and ID tokens). */
  addTokensFrom(body: unknown): void {
    if (!body || typeof body !== 'object') return;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' && /(^|_)token$/.test(key) && key !== 'token_type') this.add(value, 'token');
      else if (key === 'tokenResponses' && Array.isArray(value)) value.forEach((v) => this.addTokensFrom(v));
    }
  }

  /** The values registered under a label, in the order they were registered ("copy as curl" names each one). */
  valuesOf(label: string): string[] {
    return [...(this.byLabel.get(label) ?? [])];
  }

  /**
   * An Authorization header value for evidence: the scheme stays, the credentials become a marker (the token's
   * fingerprint when it is a registered token), so a reader sees "Basic" or "Bearer" and nothing to replay.
   */
  redactAuthorization(value: string): string {
    const space = value.indexOf(' ');
    if (space < 0) return REDACTED;
    const credentials = this.redact(value.slice(space + 1).trim());
    return `${value.slice(0, space)} ${/^\[redacted[^\]]*\]$/.test(credentials) ? credentials : REDACTED}`;
  }

  redact(text: string): string {
    if (!text) return text;
    if (this.forms.size) {
      this.matcher ??= new LiteralSet(this.forms.keys());
      text = this.matcher.replaceAll(text, (m) => this.forms.get(m) ?? REDACTED);
    }
    return scrubString(text);
  }

  redactDeep<T>(value: T): T {
    return JSON.parse(this.redact(JSON.stringify(value))) as T;
  }
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$/i;
const SECRET_KEY = /(secret|password|passwd|assertion|(^|[_-])token|api[_-]?key)$/i;
// Markers, masks and fingerprints ("sha256:1a2b…") are kept as they are.
const KEPT_VALUE = /^(\[[^\]]*\]|\*+|(sha-?256|fp)[:-][A-Za-z0-9+/=_-]{4,44}…?)$/;

function scrubValue(value: unknown, key?: string): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
    return typeof value === 'string' && KEPT_VALUE.test(value) ? value : REDACTED;
  }
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, k)]));
  }
  return value;
}

/** A query string or form body whose secret-named fields (client_secret, client_assertion, token, …) are masked. */
function scrubForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const [k = '', ...v] = pair.split('=');
      return SECRET_KEY.test(decodeURIComponentSafe(k)) && v.length && !KEPT_VALUE.test(decodeURIComponentSafe(v.join('=')))
        ? `${k}=${REDACTED}`
        : pair;
    })
    .join('&');
}

function scrubUrl(url: string): string {
  const scrubbed = scrubString(url);
  const q = scrubbed.indexOf('?');
  if (q < 0) return scrubbed;
  return `${scrubbed.slice(0, q)}?${scrubForm(scrubbed.slice(q + 1))}`;
}

const AUTHORIZATION_HEADER = /^(authorization|proxy-authorization)$/i;
const REDACTED_AUTHORIZATION = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+ )?\[redacted[^\]]*\]$/;

// A secret-named field written into a curl line (`client_secret=…`, `token=…`) instead of its $IDP_* variable. The
// leading \b allows one start per run of name characters, so the match cannot backtrack quadratically.
const CURL_SECRET_FIELD = /\b([A-Za-z_]*(?:secret|password|assertion|token))=(?![$[])[^&'"\s]+/gi;

/** A curl line: credential shapes and secret-named fields that hold a value rather than a variable are masked. */
function scrubCurl(curl: string): string {
  return scrubString(curl).replace(CURL_SECRET_FIELD, (_m, name: string) => `${name}=${REDACTED}`);
}

/** The request side: Authorization keeps only its scheme and a marker, cookies go, secret-named fields are masked. */
export function scrubRequest(req: RequestEvidence): RequestEvidence {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (AUTHORIZATION_HEADER.test(k)) {
      const scheme = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(?= )/.exec(v)?.[0];
      headers[k] = REDACTED_AUTHORIZATION.test(v) ? v : scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else headers[k] = SECRET_HEADER.test(k) ? REDACTED : String(scrubValue(v, k));
  }
  const out: RequestEvidence = { method: req.method, url: scrubUrl(req.url), headers };
  if (req.body !== undefined) out.body = scrubForm(scrubString(req.body));
  if (req.form) out.form = scrubValue(req.form) as Record<string, string | string[]>;
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function scrubEvidence(e: Evidence): Evidence {
  const out: Evidence = { ...e };
  if (e.url !== undefined) out.url = scrubUrl(e.url);
  if (e.headers) {
    out.headers = Object.fromEntries(
      Object.entries(e.headers)
        .filter(([k]) => !SECRET_HEADER.test(k))
        .map(([k, v]) => [k, String(scrubValue(v, k))]),
    );
  }
  if (e.body) out.body = scrubValue(e.body) as Record<string, unknown>;
  if (e.request) out.request = scrubRequest(e.request);
  if (e.curl !== undefined) out.curl = scrubCurl(e.curl);
  return out;
}

/** A copy of the model whose evidence and messages carry no credential-looking value. */
export function scrubReport(model: ComplianceReport): ComplianceReport {
  return {
    ...model,
    results: model.results.map((r) => ({
      ...r,
      message: scrubString(r.message),
      ...(r.evidence ? { evidence: scrubEvidence(r.evidence) } : {}),
    })),
  };
}
