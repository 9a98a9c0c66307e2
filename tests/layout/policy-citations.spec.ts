// What the shipped gate policies cite lives in this repository (issue #12 "Policies that hold", issue #13): every
// docs/ file and §B section their comments name exists; every waived requirement id is a row of
// docs/requirements.md and a deviation docs/vendor-behaviour.md records; every waiver's source is a page the
// policy's profile lists (fixtures/profiles/, shown in the README's profile reference); and every reason carries
// the evidence tag that allows a waiver ([DOC], [DOC-EX] or [3P]; [INF]/[UNV] stay findings).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { loadPolicy } from '../../src/gate/policy.ts';
import { ROOT } from '../harness/helpers.ts';

const POLICIES = join(ROOT, 'fixtures', 'policies');
const files = readdirSync(POLICIES).filter((f) => f.endsWith('.policy.yaml'));
const vendorDoc = readFileSync(join(ROOT, 'docs', 'vendor-behaviour.md'), 'utf8');
const sections = new Set([...vendorDoc.matchAll(/^## (B\.\d+)\b/gm)].map((m) => m[1]!));
const requirementIds = new Set(
  [...readFileSync(join(ROOT, 'docs', 'requirements.md'), 'utf8').matchAll(/^\| `([A-Za-z0-9.-]+)` \|/gm)].map((m) => m[1]!),
);

/** The source URLs a profile lists, with those of the profile it extends. */
function profileSources(name: string): Set<string> {
  const data = parse(readFileSync(join(ROOT, 'fixtures', 'profiles', `${name}.yaml`), 'utf8')) as {
    extends?: string;
    sources: Record<string, { url: string }>;
  };
  return new Set([...(data.extends ? profileSources(data.extends) : []), ...Object.values(data.sources).map((s) => s.url)]);
}

/** Problems with what one policy file cites; empty when every citation resolves in the repository. */
function citationProblems(
  file: string,
  text: string,
  waivers: { requirement?: string; check?: string; reason: string; source?: string }[],
  profile: string,
): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/\bdocs\/[\w./-]+\.md\b/g))
    if (!existsSync(join(ROOT, m[0]))) problems.push(`${file}: ${m[0]} is not in the repository`);
  for (const m of text.matchAll(/§(B\.\d+)/g)) if (!sections.has(m[1]!)) problems.push(`${file}: docs/vendor-behaviour.md has no §${m[1]}`);
  const sources = profileSources(profile);
  for (const w of waivers) {
    const what = w.requirement ?? w.check!;
    if (w.requirement !== undefined && !/^RFC\d+-/.test(w.requirement)) {
      if (!requirementIds.has(w.requirement)) problems.push(`${file}: ${what} is not a row of docs/requirements.md`);
      if (!vendorDoc.includes(`\`${w.requirement}\``))
        problems.push(`${file}: ${what} is not a deviation docs/vendor-behaviour.md records`);
    }
    if (!/\[(DOC|DOC-EX|3P)(\/[^\]]+)?( [^\]]+)?\]$/.test(w.reason))
      problems.push(`${file}: ${what}: the reason ends without a [DOC], [DOC-EX] or [3P] tag`);
    if (w.source !== undefined && !sources.has(w.source))
      problems.push(`${file}: ${what}: source ${w.source} is not among the sources of profile ${profile}`);
  }
  return problems;
}

test('the shipped policies cite only documents, sections, requirement ids and sources the repository has', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
  const problems = files.flatMap((f) => {
    const policy = loadPolicy(join(POLICIES, f));
    return citationProblems(`fixtures/policies/${f}`, readFileSync(join(POLICIES, f), 'utf8'), policy.waivers, policy.profile!);
  });
  expect(problems).toEqual([]);
});

test('the citation check fails a missing document, section, requirement id, source and evidence tag', () => {
  const text = '# from docs/vendor-behaviour.md §B.9 and docs/nowhere.md\n';
  const problems = citationProblems(
    'p.yaml',
    text,
    [
      { requirement: 'NOT-A-REQUIREMENT', reason: 'r [DOC]' },
      { requirement: 'CC-ERR-INVALID-CLIENT-BASIC', reason: 'inferred [INF]', source: 'https://example.com/elsewhere' },
      { check: 'jwt.client-id', reason: 'documented [DOC]' },
    ],
    'servicenow',
  );
  expect(problems).toEqual([
    'p.yaml: docs/nowhere.md is not in the repository',
    'p.yaml: docs/vendor-behaviour.md has no §B.9',
    'p.yaml: NOT-A-REQUIREMENT is not a row of docs/requirements.md',
    'p.yaml: NOT-A-REQUIREMENT is not a deviation docs/vendor-behaviour.md records',
    'p.yaml: CC-ERR-INVALID-CLIENT-BASIC: the reason ends without a [DOC], [DOC-EX] or [3P] tag',
    'p.yaml: CC-ERR-INVALID-CLIENT-BASIC: source https://example.com/elsewhere is not among the sources of profile servicenow',
  ]);
});
