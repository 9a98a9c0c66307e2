// The compliance model: the one source of truth written to compliance.json by `idp-conformance run` and
// rendered (never re-judged) by every report format. Validated by schemas/compliance.schema.json.

// 1.1 (issue #12): evidence gained `request`, `elapsedMs` and `curl`; 1.0 files still load (minor versions only add
// optional fields). 1.2 (issue #14): evidence gained `timeline`, the requests of a client under test.
export const COMPLIANCE_SCHEMA_VERSION = '1.2';

export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type Verdict = 'conformant' | 'not-conformant' | 'could-not-test';

/** Display and sort order: the most severe first, so reports lead with what needs attention. */
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];
export const OUTCOMES: readonly Outcome[] = ['fail', 'error', 'warn', 'skip', 'pass'];

/** The request a check's response answered, as sent, with every credential and token redacted. */
export interface RequestEvidence {
  method: string;
  url: string;
  /** Every header the harness set; Authorization keeps its scheme only (`Basic [redacted:authorization]`). */
  headers: Record<string, string>;
  /** The body as sent (capped at 4 KiB), absent when the request had none. */
  body?: string;
  /** The body's fields in order when it is a form (application/x-www-form-urlencoded); a repeated name is a list. */
  form?: Record<string, string | string[]>;
}

/** One request of a client under test (`idp-conformance client`), as the IdP and the resource saw it. */
export interface TimelineEntry {
  /** Milliseconds from the client's start to the request. */
  atMs: number;
  method: string;
  /** The path only: a query's names are in `note`, never its values. */
  path: string;
  /** 0 when it got no answer (the client gave up, or the connection broke). */
  status: number;
  /** What it showed: how the client authenticated, which token (by number: #1 is the first issued), the error. */
  note: string;
  /** Identical calls in a row are one entry: how many, and when the last was sent. */
  count?: number;
  untilMs?: number;
}

/** What a check looked at, with every secret and token value redacted. */
export interface Evidence {
  method?: string;
  url?: string;
  status?: number;
  /** Only the response headers the check looked at (Authorization never, values redacted where secret). */
  headers?: Record<string, string>;
  /** Only the response body fields the check looked at; token values replaced by a fingerprint. */
  body?: Record<string, unknown>;
  /** Schema 1.1: the request side. */
  request?: RequestEvidence;
  /** Schema 1.1: from sending the request to the last byte of the response, in milliseconds. */
  elapsedMs?: number;
  /**
   * Schema 1.1: a shell command that sends the same request again; secrets and tokens are read from environment
   * variables (`$IDP_CLIENT_SECRET`, `$IDP_ACCESS_TOKEN`, `$IDP_CLIENT_ASSERTION`), never written out.
   */
  curl?: string;
  /** Schema 1.2: the requests of a client under test, in order (`idp-conformance client`). */
  timeline?: TimelineEntry[];
}

export interface CheckResult {
  checkId: string;
  title: string;
  suite: string;
  /** Repository-relative path of the suite file and the line of the check (SARIF locations). */
  suiteFile?: string;
  line?: number;
  case: string;
  requirements: string[];
  specUrls: string[];
  level: Level;
  outcome: Outcome;
  message: string;
  evidence?: Evidence;
}

export interface ComplianceSummary {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  errors: number;
  verdict: Verdict;
}

export interface ComplianceReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  target: { name: string; issuer?: string; profile?: string };
  startedAt: string;
  durationMs: number;
  summary: ComplianceSummary;
  results: CheckResult[];
}

/** Identity of one check execution: the same check id can run in several cases of a suite. */
export function resultKey(r: Pick<CheckResult, 'suite' | 'case' | 'checkId'>): string {
  return `${r.suite}\u0000${r.case}\u0000${r.checkId}`;
}
