// One loader for every YAML file the tool reads (mock config, profiles, suites, targets, policies): parse,
// validate against a JSON Schema with ajv, and turn every problem into "file:line:col key: message" (exit 2).
//
// Start-up cost matters (`idp-conformance mock` cold start): ajv loads only when needed, and the
// esbuild bundle ships validators compiled at build time and the shipped YAML already parsed and validated
// (scripts/build.mjs → dist/validators/*.cjs by schema $id, dist/yaml/<SHA-256 of the text>.json,
// dist/precompiled.json, found beside the bundle).
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import * as yamlLib from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { InputError } from './errors.ts';

/** Ajv options shared with the build-time compilation in scripts/build.mjs: keep them identical. */
export const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true } as const;

interface Precompiled {
  /** The dist/ folder. */
  dir: string;
  /** Schema $id → validator module (relative to dir). */
  validators: Record<string, string>;
  /** SHA-256 of a shipped YAML text → the $ids of the schemas its parsed data was valid against at build time. */
  valid?: Record<string, string[]>;
}
/** Set by esbuild (scripts/build.mjs) in the bundles in dist/; undefined when running from the sources. */
declare const __IDP_CONFORMANCE_BUNDLE__: boolean | undefined;
let precompiledLoaded: Precompiled | null | undefined;
/** dist/precompiled.json, beside the bundle (read on first use); none from the sources. */
function precompiledData(): Precompiled | undefined {
  if (precompiledLoaded === undefined) {
    precompiledLoaded = null;
    if (typeof __IDP_CONFORMANCE_BUNDLE__ !== 'undefined') {
      const manifest = fileURLToPath(new URL('./precompiled.json', import.meta.url));
      try {
        precompiledLoaded = { dir: dirname(manifest), ...(JSON.parse(readFileSync(manifest, 'utf8')) as Omit<Precompiled, 'dir'>) };
      } catch {
        // a bundle without its manifest: compile and parse at run time
      }
    }
  }
  return precompiledLoaded ?? undefined;
}
const require = createRequire(import.meta.url);

let ajv: Ajv2020 | undefined;
function getAjv(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
    const addFormats = require('ajv-formats') as (a: Ajv2020) => Ajv2020;
    ajv = addFormats(new AjvClass({ ...AJV_OPTIONS }));
  }
  return ajv;
}
// yaml is bundled into dist/ (a static import costs less than resolving its ~60 CommonJS files at start-up).
const getYaml = () => yamlLib;

const compiled = new Map<object, ValidateFunction>();

export function schemaValidator(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    const precompiled = precompiledData();
    const file = id && precompiled?.validators[id];
    fn = file ? (require(join(precompiled.dir, file)) as ValidateFunction) : getAjv().compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

export interface LoadedYaml<T> {
  data: T;
  /** 1-based line of the node at a key path, for reports that point back into the file (SARIF). */
  lineOf: (path: (string | number)[]) => number | undefined;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(err: ErrorObject, schema: object | undefined): { path: (string | number)[]; message: string } {
  const path = pointerToPath(err.instancePath);
  const p = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties') {
    const key = String(p.additionalProperty);
    const near = closest(key, allowedKeys(schema, path));
    return { path: [...path, key], message: `unknown key${near ? ` (did you mean "${near}"?)` : ''}` };
  }
  if (err.keyword === 'required') {
    return { path, message: `missing required key "${String(p.missingProperty)}"` };
  }
  if (err.keyword === 'enum') {
    return { path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { path, message: err.message ?? err.keyword };
}

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: unknown } & Record<
  string,
  unknown
>;

/** The keys the schema declares for the object at `path` of the data, following $ref and every allOf/anyOf/oneOf branch. */
function allowedKeys(root: object | undefined, path: (string | number)[]): string[] {
  if (!root) return [];
  const deref = (n: SchemaNode, depth = 0): SchemaNode => {
    if (typeof n.$ref !== 'string' || !n.$ref.startsWith('#') || depth > 10) return n;
    let target: unknown = root;
    for (const part of pointerToPath(n.$ref.slice(1))) target = (target as Record<string | number, unknown> | undefined)?.[part];
    return target && typeof target === 'object' ? deref(target as SchemaNode, depth + 1) : n;
  };
  const branches = (n: SchemaNode, depth = 0): SchemaNode[] => {
    const d = deref(n);
    const subs = ['allOf', 'anyOf', 'oneOf', 'then', 'else'].flatMap(
      (k) => (Array.isArray(d[k]) ? d[k] : d[k] ? [d[k]] : []) as SchemaNode[],
    );
    return depth > 10 ? [d] : [d, ...subs.flatMap((b) => branches(b, depth + 1))];
  };
  let nodes = branches(root as SchemaNode);
  for (const part of path) {
    nodes = nodes
      .map((n) =>
        typeof part === 'number'
          ? n.items
          : (n.properties?.[part] ?? (typeof n.additionalProperties === 'object' ? (n.additionalProperties as SchemaNode) : undefined)),
      )
      .filter((n): n is SchemaNode => !!n && typeof n === 'object')
      .flatMap((n) => branches(n));
  }
  return [...new Set(nodes.flatMap((n) => Object.keys(n.properties ?? {})))];
}

/** The declared key nearest to a misspelt one (edit distance, as commander suggests flags), if near enough. */
function closest(key: string, candidates: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(1, Math.floor(Math.max(key.length, best.name.length) / 3)) ? best.name : undefined;
}

/** Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions, transpositions. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function keyPath(path: (string | number)[]): string {
  return path.length
    ? path
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
        .join('')
        .replace(/^\./, '')
    : '(root)';
}

/** Parse YAML text and validate it. Throws InputError naming file, line, column and key path. */
export function parseYaml<T>(text: string, file: string, schema?: object): LoadedYaml<T> {
  let parsed: { doc: Document; lineCounter: LineCounter } | undefined;
  const parse = () => {
    if (!parsed) {
      const { LineCounter: Counter, parseDocument } = getYaml();
      const lineCounter = new Counter();
      parsed = { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
    }
    return parsed;
  };
  const lineOf = (path: (string | number)[]): number | undefined => {
    const { doc, lineCounter } = parse();
    const Y = getYaml();
    for (let n = path.length; n >= 0; n--) {
      // A key's line is where the key is written: its value may start on the next line (a block mapping).
      const parent = n === 0 ? undefined : n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      if (Y.isMap(parent)) {
        const pair = parent.items.find((item) => (Y.isScalar(item.key) ? item.key.value : item.key) === path[n - 1]);
        if (pair && Y.isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (Y.isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const precompiled = precompiledData();
  const hash = precompiled && createHash('sha256').update(text).digest('base64url');
  const cached = hash && join(precompiled.dir, 'yaml', `${hash}.json`);
  let data: T;
  let validAtBuild: string[] | undefined;
  if (cached && existsSync(cached)) {
    data = JSON.parse(readFileSync(cached, 'utf8')) as T;
    validAtBuild = precompiled.valid?.[hash];
  } else {
    const { doc, lineCounter } = parse();
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      // An error found only at the end of the text (an unclosed quote or bracket) belongs to the last line written.
      const pos = lineCounter.linePos(Math.min(e.pos[0], text.trimEnd().length));
      throw new InputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as T;
  }
  // A shipped file as built: the build validated this very text against this very schema.
  const id = (schema as { $id?: string } | undefined)?.$id;
  if (schema && !(id && validAtBuild?.includes(id))) {
    const validate = schemaValidator(schema);
    if (!validate(data)) {
      const problems = (validate.errors ?? [])
        .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
        .map((e) => describe(e, schema));
      const first = problems.length ? problems : (validate.errors ?? []).map((e) => describe(e, schema));
      const lines = first.slice(0, 5).map(({ path, message }) => {
        // A missing key is reported at its parent; an unknown key at the key itself.
        let line = lineOf(path);
        if (line === undefined) line = 1;
        return `${file}:${line}: ${keyPath(path)}: ${message}`;
      });
      throw new InputError(lines.join('\n'));
    }
  }
  return { data, lineOf };
}

export function loadYamlFile<T>(file: string, schema?: object): LoadedYaml<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseYaml<T>(text, file, schema);
}
