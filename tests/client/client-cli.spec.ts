// `idp-conformance client` (issue #14, client conformance): bad input is exit 2 with one line naming the flag, or the
// scenario file, line and key; a client that cannot be started is exit 3 (could not test), never a verdict on it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { selectScenarios } from '../../src/client/scenarios.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { cli } from '../harness/helpers.ts';
import { citationProblems, requirementRows } from '../harness/requirements-doc.ts';

test.describe.configure({ mode: 'parallel' });

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'client-cli-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A user's own scenario file (--scenario PATH), one YAML line per entry. */
function scenarioFile(name: string, lines: string[]): string {
  const file = join(dir, `${name}.client.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('no command after -- is exit 2 with one line saying what to give', async () => {
  const run = await cli(['client', '--report-dir', dir]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("give your client's command after --");
});

test('an unknown --scenario is exit 2 listing the shipped scenarios', async () => {
  const run = await cli(['client', '--scenario', 'no-such', '--', process.execPath, '-e', '']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--scenario: no scenario "no-such"; shipped: steady, rate-limited, .*secret-expired/);
});

test('--resource-url that is not an http(s) URL, and --scope that is not scope tokens (RFC 6749 §3.3), are exit 2', async () => {
  const bad = await cli(['client', '--resource-url', 'ftp://example.test/x', '--', process.execPath, '-e', '']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--resource-url: expected http or https');
  const scope = await cli(['client', '--scope', 'read "write"', '--', process.execPath, '-e', '']);
  expect(scope.code).toBe(2);
  expect(scope.stderr).toContain('--scope: space-separated scope tokens');
});

test("a user's scenario file with an unknown key names the file, line and key: exit 2", async () => {
  const file = scenarioFile('mine', [
    'id: mine',
    'title: my scenario',
    'duration: 2',
    'tokenLifetime: 1',
    'checks:',
    '  - id: a',
    '    title: t',
    '    expect: token-reuse',
    '    level: SHOULD',
    '    requirements: [RFC6749-5.1]',
    '    colour: red',
  ]);
  const run = await cli(['client', '--scenario', file, '--', process.execPath, '-e', '']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/mine\.client\.yaml:11: checks\[0\]\.colour: unknown key/);
});

test("a user's scenario whose event comes after its end is exit 2 naming the line", async () => {
  const file = scenarioFile('late', [
    'id: late',
    'title: late event',
    'duration: 2',
    'tokenLifetime: 1',
    'events:',
    '  - at: 5',
    '    do: revoke-tokens',
    'checks:',
    '  - { id: a, title: t, expect: survives, level: SHOULD, requirements: [RFC6750-3.1] }',
  ]);
  const run = await cli(['client', '--scenario', file, '--', process.execPath, '-e', '']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/late\.client\.yaml:6: events\[0\]\.at: 5 s is not before the end \(duration 2 s\)/);
});

test("a user's scenario with a fault the mock does not have is exit 2 naming the line and the known faults", async () => {
  const file = scenarioFile('fault', [
    'id: f',
    'title: f',
    'duration: 2',
    'tokenLifetime: 1',
    'events:',
    '  - at: 1',
    '    fault: { name: meltdown }',
    'checks:',
    '  - { id: a, title: t, expect: survives, level: SHOULD, requirements: [RFC6750-3.1] }',
  ]);
  const run = await cli(['client', '--scenario', file, '--', process.execPath, '-e', '']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/fault\.client\.yaml:7: events\[0\]\.fault\.name: unknown fault "meltdown"; known faults: .*rate-limited/);
});

test('a command that cannot start is exit 3 (could not test), each check an error saying why', async () => {
  const run = await cli(['client', '--scenario', 'secret-rotated', '--report-dir', dir, '--', join(dir, 'no-such-client')]);
  expect(run.code).toBe(3);
  const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
  expect(model.summary.verdict).toBe('could-not-test');
  expect(model.results.map((r) => r.outcome)).toEqual(['error']);
  expect(model.results[0]!.message).toMatch(/the client made no token request \(the client could not start .*ENOENT/);
});

test('a client that never asks for a token is not judged conformant: every check is an error, exit 3', async () => {
  const run = await cli([
    'client',
    '--scenario',
    'secret-rotated',
    '--report-dir',
    dir,
    '--',
    process.execPath,
    '-e',
    'setTimeout(() => {}, 60000)',
  ]);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('does it read IDP_TOKEN_URL or IDP_ISSUER?');
});

test('every requirement a client check cites is in docs/requirements.md, and each MUST check cites only text that obliges the client', () => {
  const rows = requirementRows();
  const checks = selectScenarios(process.cwd(), undefined).flatMap((sc) => sc.checks.map((k) => ({ ...k, id: `${sc.id}.${k.id}` })));
  expect(checks.flatMap((k) => citationProblems(k, 'client', rows))).toEqual([]);
  // The rule itself: a MUST citing only a SHOULD for the client, or a MUST of the server, is refused.
  expect(citationProblems({ id: 'x', level: 'MUST', requirements: ['RFC9110-10.2.3'] }, 'client', rows)).toHaveLength(1);
  expect(citationProblems({ id: 'x', level: 'MUST', requirements: ['RFC6749-2.3.1'] }, 'client', rows)).toHaveLength(1);
});
