// The fault matrix (issue #6): for each conformance fault, in each profile it is meant for, the shipped suites
// run against a mock with that fault and exactly the checks in tests/faults/expected-kills.yaml change
// outcome: to fail (MUST) or warn (SHOULD), or to skip where a case needs the token or document the fault
// broke. Every other check keeps its baseline outcome. Suites run in-process (scripts/mutation.ts).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { FAULTS } from '../../mock-idp/faults/catalogue.ts';
import { EXPECTED_FILE, killedBy, otherChanges, profilesOf, runSuites, type Expected, type RunResult } from '../../scripts/mutation.ts';

const expected = parse(readFileSync(EXPECTED_FILE, 'utf8')) as Expected;
const baselines = new Map<string, Promise<RunResult>>();
const baseline = (profile: string) => {
  if (!baselines.has(profile)) baselines.set(profile, runSuites(profile));
  return baselines.get(profile)!;
};

const conformanceFaults = FAULTS.filter((f) => f.kind === 'conformance');

test('expected-kills.yaml lists every conformance fault in each of its profiles, and nothing else', () => {
  const want = Object.fromEntries(conformanceFaults.map((f) => [f.name, profilesOf(f).sort()]));
  const have = Object.fromEntries(Object.entries(expected).map(([name, runs]) => [name, Object.keys(runs).sort()]));
  expect(have).toEqual(want);
});

for (const fault of conformanceFaults) {
  for (const profile of profilesOf(fault)) {
    test(`fault ${fault.name} (${profile}): ${fault.description} — caught by exactly the expected checks`, async () => {
      const want = expected[fault.name]?.[profile];
      expect(want, `tests/faults/expected-kills.yaml has no entry for ${fault.name} / ${profile}`).toBeDefined();
      expect(want!.kills.length, 'a conformance fault must be caught by at least one check').toBeGreaterThan(0);
      const base = await baseline(profile);
      const run = await runSuites(profile, [{ name: fault.name }]);
      expect([...run.keys()].sort()).toEqual([...base.keys()].sort());

      const killed = killedBy(base, run);
      expect(killed, 'checks killed by the fault').toEqual([...want!.kills].sort());
      const errors = new Set(want!.errors ?? []);
      for (const id of killed) {
        const r = run.get(id)!;
        const outcome = errors.has(id) ? 'error' : r.level === 'SHOULD' ? 'warn' : 'fail';
        expect(`${id}: ${r.outcome}`, r.message).toBe(`${id}: ${outcome}`);
      }
      const others = otherChanges(base, run);
      expect(
        others.filter((c) => c.to !== 'skip'),
        'no check may start passing or change in any other way',
      ).toEqual([]);
      expect(others.map((c) => c.checkId).sort(), 'checks that become skipped').toEqual([...(want!.skips ?? [])].sort());
    });
  }
}
