// docs/requirements.md documents every requirement id the suites use, and a MUST-level check points only at text
// that obliges the server it tests (issue #13: "its requirements must point at a sentence that says MUST / MUST
// NOT / REQUIRED / SHALL for the party being tested"). A MUST check citing a SHOULD, a MAY, a client obligation or
// protocol text without a keyword fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findSuiteFiles, loadSuites } from '../../harness/suite-loader.ts';
import { ROOT } from '../harness/helpers.ts';
import { OBLIGING, parseRequirementsDoc, type RequirementRow } from '../harness/requirements-doc.ts';

const LEVELS = ['MUST', 'MUST NOT', 'REQUIRED', 'SHALL', 'SHALL NOT', 'SHOULD', 'SHOULD NOT', 'RECOMMENDED', 'MAY', 'OPTIONAL'];
const OTHER_LEVELS = ['definition', 'no keyword', 'DOC'];
const PARTIES = ['authorization server', 'resource server', 'client'];

interface CheckRef {
  id: string;
  level: string;
  requirements: string[];
  vendor: boolean;
}

/** The server a check tests: the resource for RFC 6750 and resource-side checks, else the authorization server. */
const partyOf = (check: CheckRef) => (/^rs\.|\.resource-/.test(check.id) ? 'resource server' : 'authorization server');

/** Why a MUST-level check's requirements do not carry MUST for the server it tests; empty when they do. */
function mustProblems(check: CheckRef, rows: Map<string, RequirementRow>): string[] {
  const party = partyOf(check);
  const problems: string[] = [];
  let carriers = 0;
  for (const id of check.requirements) {
    const row = rows.get(id);
    if (!row) {
      problems.push(`${id} is not in docs/requirements.md`);
      continue;
    }
    if (row.level === 'definition') continue;
    if (row.level === 'DOC' && check.vendor) {
      carriers++;
      continue;
    }
    if (!OBLIGING.has(row.level)) problems.push(`${id} is ${row.level}, not MUST/MUST NOT/REQUIRED/SHALL`);
    else if (!row.binds.includes(party)) problems.push(`${id} binds the ${row.binds.join(' and ')}, not the ${party}`);
    else carriers++;
  }
  if (!carriers) problems.push('no requirement carries a MUST for the server under test');
  return problems;
}

const rows = parseRequirementsDoc(readFileSync(join(ROOT, 'docs', 'requirements.md'), 'utf8'));
const byId = new Map(rows.map((r) => [r.id, r]));
const checks: CheckRef[] = loadSuites(findSuiteFiles([join(ROOT, 'suites')]), ROOT).flatMap((s) =>
  s.spec.cases.flatMap((c) =>
    c.checks.map((k) => ({ id: k.id, level: k.level, requirements: k.requirements, vendor: s.relFile.startsWith('suites/vendor/') })),
  ),
);

test('docs/requirements.md has one well-formed row per requirement id', () => {
  expect(rows.length).toBeGreaterThan(100);
  expect(rows.length, 'duplicate rows').toBe(byId.size);
  for (const r of rows) {
    expect([...LEVELS, ...OTHER_LEVELS], `${r.id}: level`).toContain(r.level);
    for (const b of r.binds) expect(PARTIES, `${r.id}: binds`).toContain(b);
    expect(r.binds.length === 0, `${r.id}: a definition binds nobody, anything else binds a party`).toBe(r.level === 'definition');
  }
});

test('every requirement id a suite check uses is documented in docs/requirements.md', () => {
  const missing = [...new Set(checks.flatMap((c) => c.requirements))].filter((id) => !byId.has(id)).sort();
  expect(missing).toEqual([]);
});

/**
 * MUST checks whose only cited text does not oblige the server, kept MUST on purpose (none today: the GET-refusal
 * checks of RFC 6749 §3.2 and RFC 7009 §2.1 bind the client, so they are SHOULD). Like an expected-failure list this
 * cannot rot: an entry whose check no longer has a problem fails the test below, so delete it then.
 */
const PENDING: Record<string, string> = {};

test('every MUST-level check cites only text that obliges the server it tests (MUST / MUST NOT / REQUIRED / SHALL)', () => {
  const must = checks.filter((c) => c.level === 'MUST');
  const problems = must.filter((c) => !(c.id in PENDING)).flatMap((c) => mustProblems(c, byId).map((p) => `${c.id}: ${p}`));
  expect(problems).toEqual([]);
  const settled = Object.keys(PENDING).filter((id) => !must.some((c) => c.id === id && mustProblems(c, byId).length));
  expect(settled, 'PENDING entries that no longer have a problem: remove them').toEqual([]);
});

test('the rule fails a MUST check pointing at a client obligation, a SHOULD or keyword-less text, and passes a server MUST', () => {
  const must = (requirements: string[], id = 'cc.example') => mustProblems({ id, level: 'MUST', requirements, vendor: false }, byId);
  expect(must(['RFC6749-3.2', 'CC-TOKEN-POST-ONLY'])).toEqual(['CC-TOKEN-POST-ONLY binds the client, not the authorization server']);
  expect(must(['RFC9700-2.5', 'BCP-CLIENT-AUTH'])).toHaveLength(3);
  expect(must(['RFC7009-2.2', 'REVOKE-200'])).toHaveLength(3);
  expect(must(['RFC6749-7.1'])).toEqual(['no requirement carries a MUST for the server under test']);
  expect(must(['RFC6750-2.1', 'RS-BEARER-HEADER'], 'rs.example')).toEqual([]);
  expect(must(['RFC6750-2.1', 'RS-BEARER-HEADER'])).toHaveLength(3);
  expect(must(['VENDOR-SERVICENOW'])).toHaveLength(2);
  expect(mustProblems({ id: 'x.example', level: 'MUST', requirements: ['VENDOR-SERVICENOW'], vendor: true }, byId)).toEqual([]);
});
