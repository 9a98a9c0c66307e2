// Secrets never leave: every value registered here (client secrets, Basic headers, client assertions, issued
// tokens) is replaced by a marker in every string the harness writes, together with its Base64, base64url and
// URL-encoded forms, so a value cannot slip out re-encoded (issue #4 "Secrets never leave").
import { createHash } from 'node:crypto';
import { formUrlEncode } from '../lib/form.ts';

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

export class Redactor {
  private readonly forms = new Map<string, string>();
  private pattern: RegExp | undefined;

  /** Register a secret under a label; all its encoded forms are scrubbed from then on. */
  add(value: string | undefined, label = 'secret'): void {
    if (!value || value.length < MIN_LENGTH) return;
    const marker = label === 'token' ? `[REDACTED token ${fingerprint(value)}]` : `[REDACTED ${label}]`;
    for (const form of encodedForms(value)) if (!this.forms.has(form)) this.forms.set(form, marker);
    this.pattern = undefined;
  }

  /** Register every token-bearing member of a JSON response body (access, refresh and ID tokens). */
  addTokensFrom(body: unknown): void {
    if (!body || typeof body !== 'object') return;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' && /(^|_)token$/.test(key) && key !== 'token_type') this.add(value, 'token');
      else if (key === 'tokenResponses' && Array.isArray(value)) value.forEach((v) => this.addTokensFrom(v));
    }
  }

  redact(text: string): string {
    if (!this.forms.size || !text) return text;
    if (!this.pattern) {
      const keys = [...this.forms.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(keys.join('|'), 'g');
    }
    // Any JWT-shaped string is a token or an assertion even if nobody registered it.
    return text.replace(this.pattern, (m) => this.forms.get(m) ?? '[REDACTED]').replace(JWT_SHAPE, '[REDACTED jwt]');
  }

  redactDeep<T>(value: T): T {
    return JSON.parse(this.redact(JSON.stringify(value))) as T;
  }
}

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
