// The documents the code cites are in the repository (issue #13): no tracked file names a path outside it —
// neither a machine path beside the checkout (the shared docs folder next to the project, written out) nor a
// relative one that climbs out of it. Citations go to docs/requirements.md and docs/vendor-behaviour.md.
// (The examples below are assembled at run time, so this file does not cite them itself.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../harness/helpers.ts';

const root = resolve(ROOT);
const parent = dirname(root);
const inside = (p: string) => p === root || p.startsWith(root + sep);
const temp = resolve(tmpdir());

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
}

const tracked = trackedFiles();
/** Folder names the repository has (tracked, or ignored build output such as dist/): a "../name/…" naming none of them points elsewhere. */
const folderNames = new Set([
  ...tracked.flatMap((f) => f.split('/').slice(0, -1)),
  ...readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\/|\/$/g, ''))
    .filter((l) => l && !l.startsWith('#')),
]);

/** Paths outside the repository that `text` (the content of repository file `file`) cites. */
function outsidePaths(file: string, text: string, beside = parent): string[] {
  const found: string[] = [];
  // The directory holding the checkout, written out: a path on the author's machine, outside the repository.
  // Paths in the system temp directory are examples (a CA file, a hostile path), not citations, even when the
  // checkout itself was cloned into the temp directory.
  if (beside !== dirname(beside)) {
    const prefix = beside + sep;
    for (let i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
      const path = /^[^\s'"`)\]>]+/.exec(text.slice(i))![0];
      if (!inside(path) && !path.startsWith(temp + sep)) found.push(path);
    }
  }
  // A relative path that climbs out of the repository from the file's folder, or that names a folder the
  // repository does not have (a sibling folder of the checkout, written relative to the repository root).
  for (const m of text.matchAll(/(?<![\w./-])(?:\.\.\/)+([\w@.-]*)(?:\/[\w@.-]+)*/g)) {
    const escapes = !inside(resolve(root, dirname(file), m[0]));
    const elsewhere = m[1]!.length > 0 && m[0].includes('/' + m[1] + '/') && !folderNames.has(m[1]!);
    if (escapes || elsewhere) found.push(m[0]);
  }
  return found;
}

test('no tracked file cites a path outside the repository', () => {
  const files = tracked;
  expect(files.length).toBeGreaterThan(100);
  const problems: string[] = [];
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the work tree, not yet committed
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) continue; // binary
    for (const p of outsidePaths(file, text)) problems.push(`${file}: ${p}`);
  }
  expect(problems).toEqual([]);
});

test('the scan finds a machine path beside the checkout and a relative path out of it, and accepts paths inside', () => {
  // A checkout at /home/dev/project citing /home/dev/shared/…; the checkout's own parent may be the temp directory.
  const home = join(sep, 'home', 'dev');
  expect(outsidePaths('fixtures/profiles/x.yaml', `# Evidence: ${home}${sep}shared${sep}docs${sep}vendor-behaviour.md B.1`, home)).toEqual([
    `${home}${sep}shared${sep}docs${sep}vendor-behaviour.md`,
  ]);
  expect(outsidePaths('tests/x.spec.ts', `a CA at ${temp}${sep}idp-conformance-ca-XXXX${sep}ca.pem`, temp)).toEqual([]);
  const up = '..' + '/';
  expect(outsidePaths('suites/COVERAGE.md', `Every requirement of \`${up}shared/docs/requirements-catalogue.md\` Part A`)).toEqual([
    `${up}shared/docs/requirements-catalogue.md`,
  ]);
  expect(outsidePaths('suites/vendor/oci-iam.suite.yaml', `Checks ${up}shared/docs/vendor-behaviour.md B.1`)).toEqual([
    `${up}shared/docs/vendor-behaviour.md`,
  ]);
  expect(outsidePaths('tests/layout/x.spec.ts', "import { ROOT } from '../harness/helpers.ts'; see ../../docs/requirements.md")).toEqual(
    [],
  );
  expect(outsidePaths('suites/vendor/x.suite.yaml', '$schema: ../../schemas/suite.schema.json')).toEqual([]);
  expect(outsidePaths('docs/x.md', `[readme](../README.md) and ${root}${sep}docs`)).toEqual([]);
});
