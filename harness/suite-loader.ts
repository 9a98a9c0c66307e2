// Loads suite files: YAML + schemas/suite.schema.json, then the rules a schema cannot express (ids unique across
// suites, `on` naming a request of the case). Every problem is an InputError "file:line: key: message" (exit 2).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import suiteSchema from '../schemas/suite.schema.json' with { type: 'json' };
import { loadYamlFile } from '../lib/yaml-file.ts';
import { InputError } from '../lib/errors.ts';
import type { LoadedSuite, SuiteSpec } from './types.ts';

/** Suite files named by the user: files, or directories searched for *.suite.yaml. */
export function findSuiteFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new InputError(`${p}: no such suite file or directory`);
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(abs, { recursive: true }) as string[]) {
        if (entry.endsWith('.suite.yaml') || entry.endsWith('.suite.yml')) files.push(join(abs, entry));
      }
    } else files.push(abs);
  }
  return [...new Set(files)].sort();
}

export function loadSuite(file: string, repoRoot: string): LoadedSuite {
  const { data, lineOf } = loadYamlFile<SuiteSpec>(file, suiteSchema);
  const relFile = relative(repoRoot, file).split('\\').join('/');
  const caseLine = new Map<string, number>();
  const checkLine = new Map<string, number>();
  const fail = (path: (string | number)[], message: string): never => {
    const key = path
      .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
      .join('')
      .replace(/^\./, '');
    throw new InputError(`${file}:${lineOf(path) ?? 1}: ${key}: ${message}`);
  };
  data.cases.forEach((c, ci) => {
    if (caseLine.has(c.id)) fail(['cases', ci, 'id'], `duplicate case id "${c.id}"`);
    caseLine.set(c.id, lineOf(['cases', ci]) ?? 1);
    const names = new Set<string>();
    c.requests.forEach((r, ri) => {
      if (r.name && names.has(r.name)) fail(['cases', ci, 'requests', ri, 'name'], `duplicate request name "${r.name}"`);
      if (r.name) names.add(r.name);
      if (r.kind === 'raw' && (!r.method || !r.url)) fail(['cases', ci, 'requests', ri], 'a raw request needs "method" and "url"');
    });
    c.checks.forEach((k, ki) => {
      if (checkLine.has(k.id)) fail(['cases', ci, 'checks', ki, 'id'], `duplicate check id "${k.id}"`);
      checkLine.set(k.id, lineOf(['cases', ci, 'checks', ki]) ?? 1);
      if (k.on && !names.has(k.on)) fail(['cases', ci, 'checks', ki, 'on'], `no request named "${k.on}" in case "${c.id}"`);
    });
  });
  return { spec: data, file, relFile, caseLine, checkLine };
}

/** Load every suite and make check ids unique across all of them (they are report and SARIF rule ids). */
export function loadSuites(files: string[], repoRoot: string): LoadedSuite[] {
  const suites = files.map((f) => loadSuite(f, repoRoot));
  const seen = new Map<string, string>();
  const suiteIds = new Map<string, string>();
  for (const s of suites) {
    const other = suiteIds.get(s.spec.id);
    if (other) throw new InputError(`${s.file}:1: id: suite id "${s.spec.id}" is also used by ${other}`);
    suiteIds.set(s.spec.id, s.file);
    for (const [id, line] of s.checkLine) {
      const prev = seen.get(id);
      if (prev) throw new InputError(`${s.file}:${line}: id: check id "${id}" is also used in ${prev}`);
      seen.set(id, `${s.relFile}:${line}`);
    }
  }
  return suites;
}
