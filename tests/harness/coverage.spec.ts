// suites/COVERAGE.md stays true: every Part A requirement of the catalogue is listed, every listed check exists
// and names that requirement, and every requirement without checks says why (issue #4 "Suites shipped").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findSuiteFiles, loadSuites } from '../../harness/suite-loader.ts';
import { ROOT } from './helpers.ts';

const coverage = readFileSync(join(ROOT, 'suites', 'COVERAGE.md'), 'utf8');
const rows = [...coverage.matchAll(/^\| ([A-Z0-9]+(?:-[A-Z0-9]+)+) \| [^|]* \| ([^|]*) \| ([^|]*) \|$/gm)].map((m) => ({
  id: m[1]!,
  checks: [...m[2]!.matchAll(/`([^`]+)`/g)].map((c) => c[1]!),
  note: m[3]!.trim(),
}));
const suites = loadSuites(findSuiteFiles([join(ROOT, 'suites')]), ROOT);
const requirementsOf = new Map<string, string[]>();
for (const s of suites) for (const c of s.spec.cases) for (const k of c.checks) requirementsOf.set(k.id, k.requirements);

test('COVERAGE.md lists the 90 catalogue Part A requirements', () => {
  expect(rows.length).toBe(90);
  expect(new Set(rows.map((r) => r.id)).size).toBe(90);
});

test('every check COVERAGE.md names exists and carries that requirement id', () => {
  for (const row of rows) for (const check of row.checks) expect(requirementsOf.get(check), `${row.id} → ${check}`).toContain(row.id);
});

test('every requirement without a check gives the reason it is not covered', () => {
  for (const row of rows.filter((r) => !r.checks.length)) expect(row.note, row.id).toMatch(/^\*\*Not covered\.\*\* \S/);
});

test('every check that names a catalogue requirement is listed under it', () => {
  const listed = new Map(rows.map((r) => [r.id, new Set(r.checks)]));
  for (const [check, reqs] of requirementsOf) {
    for (const req of reqs.filter((r) => listed.has(r))) expect(listed.get(req)!.has(check), `${req} lists ${check}`).toBe(true);
  }
});
