// Last line of defence before reports are written: the harness redacts evidence, but a report is a CI artifact,
// so anything that still looks like a credential is masked here (the class of leak Hurl fixed report by report,
// peers.md: hurl#2972). Fingerprints ("sha256:1a2b…") and redaction markers are kept.
import type { ComplianceReport, Evidence } from './model.ts';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$/i;
const SECRET_KEY = /(secret|password|passwd|assertion|(^|[_-])token|api[_-]?key)$/i;
const KEPT_VALUE = /^(\[[^\]]*\]|\*+|(sha-?256|fp)[:-][A-Za-z0-9+/=_-]{4,44}…?)$/;
// Compact JWS/JWE (header.payload.…): always a token, whatever field it is in.
const COMPACT_JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_.-]*/g;
const BASIC_OR_BEARER = /\b(Basic|Bearer|DPoP)\s+[A-Za-z0-9+/=._~-]{8,}/gi;

export const REDACTED = '[redacted]';

function scrubString(s: string): string {
  return s.replace(COMPACT_JWT, '[redacted:jwt]').replace(BASIC_OR_BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

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

function scrubUrl(url: string): string {
  const scrubbed = scrubString(url);
  const q = scrubbed.indexOf('?');
  if (q < 0) return scrubbed;
  const query = scrubbed
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const [k = '', ...v] = pair.split('=');
      return SECRET_KEY.test(decodeURIComponentSafe(k)) && v.length && !KEPT_VALUE.test(v.join('=')) ? `${k}=${REDACTED}` : pair;
    });
  return `${scrubbed.slice(0, q)}?${query.join('&')}`;
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
