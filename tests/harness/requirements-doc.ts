// The rows of docs/requirements.md (id, level, the parties the sentence binds), read by the tests that keep every
// check's citations honest: the IdP suites (tests/layout/requirements-doc.spec.ts), the api cases and the client
// scenarios (a MUST check must cite text that obliges the party it tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

export interface RequirementRow {
  id: string;
  level: string;
  binds: string[];
}

export const OBLIGING = new Set(['MUST', 'MUST NOT', 'REQUIRED', 'SHALL', 'SHALL NOT']);

/** The table rows of docs/requirements.md: | `ID` | Section | Level | Binds | Sentence | Black-box test | */
export function parseRequirementsDoc(text: string): RequirementRow[] {
  return [...text.matchAll(/^\| `([A-Za-z0-9.-]+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \| [^|]+ \| [^|]+ \|$/gm)].map((m) => ({
    id: m[1]!,
    level: m[2]!.trim(),
    binds: m[3]!.trim() === '—' ? [] : m[3]!.split(';').map((b) => b.trim()),
  }));
}

export function requirementRows(): Map<string, RequirementRow> {
  return new Map(parseRequirementsDoc(readFileSync(join(ROOT, 'docs', 'requirements.md'), 'utf8')).map((r) => [r.id, r]));
}

/** What is wrong with a check's citations: an undocumented id; for a MUST check, no cited text obliging `party`. */
export function citationProblems(
  check: { id: string; level: string; requirements: string[] },
  party: string,
  rows: Map<string, RequirementRow>,
): string[] {
  const problems = check.requirements.filter((id) => !rows.has(id)).map((id) => `${check.id}: ${id} is not in docs/requirements.md`);
  const carries = check.requirements.some((id) => {
    const row = rows.get(id);
    return row !== undefined && OBLIGING.has(row.level) && row.binds.includes(party);
  });
  if (check.level === 'MUST' && !carries) problems.push(`${check.id}: MUST, but no cited text obliges the ${party}`);
  return problems;
}
