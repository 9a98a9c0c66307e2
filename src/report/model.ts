// The compliance model: the one source of truth written to compliance.json by `idp-conformance run` and
// rendered (never re-judged) by every report format. Validated by schemas/compliance.schema.json.

export const COMPLIANCE_SCHEMA_VERSION = '1.0';

export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type Verdict = 'conformant' | 'not-conformant' | 'could-not-test';

/** Display and sort order: the most severe first, so reports lead with what needs attention. */
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];
export const OUTCOMES: readonly Outcome[] = ['fail', 'error', 'warn', 'skip', 'pass'];

/** What a check looked at, with every secret and token value redacted. */
export interface Evidence {
  method?: string;
  url?: string;
  status?: number;
  /** Only the headers the check looked at (Authorization never, values redacted where secret). */
  headers?: Record<string, string>;
  /** Only the body fields the check looked at; token values replaced by a fingerprint. */
  body?: Record<string, unknown>;
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
