// `idp-conformance --version` and `--help` are what a user (and a CI log) sees first: exit 0, the answer on stdout,
// nothing on stderr. A debugging line once printed a commander stack trace to stderr for each of them (and for
// every usage error): these tests fail on any such line.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT } from './helpers.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints the package version on stdout, nothing on stderr, exit 0', async () => {
  const r = await cli(['--version']);
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe(VERSION);
  expect(r.code).toBe(0);
});

for (const args of [['--help'], ['run', '--help'], ['mock', '--help'], ['report', '--help'], ['gate', '--help']]) {
  test(`${args.join(' ')} prints usage on stdout, nothing on stderr, exit 0`, async () => {
    const r = await cli(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: idp-conformance/);
    expect(r.code).toBe(0);
  });
}

test('a usage error is exit 2 with commander’s message and usage, never a stack trace', async () => {
  const r = await cli(['run', '--no-such-flag']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: unknown option '--no-such-flag'/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('DEBUG');
});
