// The fault catalogue as data: names unique and all accepted by the config schema (and nothing else),
// docs/faults.md current, and every conformance fault saying what it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../mock-idp/faults/catalogue.ts';
import { renderFaultsDoc } from '../../mock-idp/faults/doc.ts';
import { PROFILES, ROOT } from '../../scripts/mutation.ts';

test('the config schema $defs/fault name enum lists exactly the catalogue', () => {
  const schema = JSON.parse(readFileSync(`${ROOT}/schemas/mock-config.schema.json`, 'utf8')) as {
    $defs: { fault: { properties: { name: { enum: string[] } } } };
  };
  const names = FAULTS.map((f) => f.name);
  expect(new Set(names).size).toBe(names.length);
  expect(schema.$defs.fault.properties.name.enum).toEqual(names);
});

/** The profiles shipped, read from fixtures/profiles/ itself (not from a list in code). */
const SHIPPED_PROFILES = readdirSync(`${ROOT}/fixtures/profiles`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length));

test('the mutation report runs every profile of fixtures/profiles/, generic first', () => {
  expect(PROFILES[0]).toBe('generic');
  expect([...PROFILES].sort()).toEqual([...SHIPPED_PROFILES].sort());
});

test('every conformance fault names the requirements it breaks, its endpoints and known profiles', () => {
  expect(SHIPPED_PROFILES.length).toBeGreaterThan(1);
  for (const f of FAULTS.filter((x) => x.kind === 'conformance')) {
    expect(f.breaks.length, f.name).toBeGreaterThan(0);
    expect(f.endpoints.length, f.name).toBeGreaterThan(0);
    for (const p of f.profiles ?? []) expect(SHIPPED_PROFILES, f.name).toContain(p);
  }
  expect(FAULTS.filter((x) => x.kind === 'operational').map((f) => f.name)).toEqual([
    'latency',
    'rate-limited',
    'unavailable',
    'connection-reset',
    'truncated-body',
    'hang',
  ]);
});

test('docs/faults.md is current: regenerate with `npm run docs:faults`', () => {
  expect(readFileSync(`${ROOT}/docs/faults.md`, 'utf8')).toBe(renderFaultsDoc());
});
