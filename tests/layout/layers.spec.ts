// The layers of README "Layout": every relative import of every source file goes downwards or stays in its
// layer. Imports are read from the text (static, type-only, re-exports and dynamic import()), no dependency.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Layer of a repository path: the longest matching prefix wins (README "Layout"). */
const LAYERS: [prefix: string, layer: string][] = [
  ['lib/', 'lib'],
  ['mock-idp/', 'mock-idp'],
  ['src/report/', 'report'],
  ['src/gate/', 'gate'],
  ['harness/embedded-mock.ts', 'embedded-mock'],
  ['harness/', 'harness'],
  ['src/', 'cli'],
  ['schemas/', 'data'],
  ['fixtures/', 'data'],
  ['package.json', 'data'],
  ['scripts/', 'tools'],
  ['bench/', 'tools'],
  ['tests/', 'tools'],
];

/** What each layer may import (besides packages from node_modules). */
const ALLOWED: Record<string, string[]> = {
  lib: ['lib', 'data'],
  'mock-idp': ['mock-idp', 'lib', 'data'],
  report: ['report', 'lib', 'data'],
  gate: ['gate', 'report', 'lib', 'data'],
  harness: ['harness', 'report', 'lib', 'data'],
  'embedded-mock': ['harness', 'mock-idp', 'report', 'lib', 'data'],
  cli: ['cli', 'harness', 'embedded-mock', 'gate', 'report', 'mock-idp', 'lib', 'data'],
  tools: ['tools', 'cli', 'harness', 'embedded-mock', 'gate', 'report', 'mock-idp', 'lib', 'data'],
};

function layerOf(path: string): string {
  const hit = LAYERS.filter(([prefix]) => path === prefix || path.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!hit) throw new Error(`${path}: in no layer of README "Layout"`);
  return hit[1];
}

/** Forbidden imports among (file, specifier) pairs, as "file -> target (layer -> layer)". */
function forbidden(imports: [file: string, specifier: string][]): string[] {
  const out: string[] = [];
  for (const [file, specifier] of imports) {
    if (!specifier.startsWith('.')) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
      .split('\\')
      .join('/');
    const from = layerOf(file);
    const to = layerOf(target);
    if (!ALLOWED[from]!.includes(to)) out.push(`${file} -> ${target} (${from} -> ${to})`);
  }
  return out;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(e.name) ? [path] : [];
  });
}

test('every import goes downwards the layers README "Layout" lists (lib < mock-idp, report < gate, harness < cli)', () => {
  const files = ['lib', 'mock-idp', 'src', 'harness', 'scripts', 'bench'].flatMap(sourceFiles);
  const imports = files.flatMap((f) => specifiers(readFileSync(join(ROOT, f), 'utf8')).map((s) => [f, s] as [string, string]));
  expect(files.length).toBeGreaterThan(100);
  expect(imports.filter(([, s]) => s.startsWith('.')).length).toBeGreaterThan(300);
  expect(forbidden(imports)).toEqual([]);
});

test('the layer rule refuses an upward import: the mock importing the harness, the report model importing the CLI', () => {
  const text =
    "import { send } from '../harness/http.ts';\nimport type { X } from '../cli/main.ts';\nconst m = await import('../../lib/errors.ts');";
  expect(specifiers(text)).toEqual(['../harness/http.ts', '../cli/main.ts', '../../lib/errors.ts']);
  expect(
    forbidden([
      ['mock-idp/tokens.ts', '../harness/http.ts'],
      ['src/report/model.ts', '../cli/main.ts'],
      ['src/report/model.ts', '../../lib/errors.ts'],
    ]),
  ).toEqual(['mock-idp/tokens.ts -> harness/http.ts (mock-idp -> harness)', 'src/report/model.ts -> src/cli/main.ts (report -> cli)']);
});
