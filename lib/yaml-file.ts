// One loader for every YAML file the tool reads (mock config, profiles, suites, targets, policies): parse,
// validate against a JSON Schema with ajv, and turn every problem into "file:line:col key: message" (exit 2).
//
// Start-up cost matters (`idp-conformance mock` cold start): ajv loads only when needed, and the
// esbuild bundle ships validators compiled at build time and the shipped YAML already parsed
// (scripts/build.mjs → dist/validators/*.cjs by schema $id, dist/yaml/<SHA-256 of the text>.json).
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import * as yamlLib from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { InputError } from './errors.ts';

/** Ajv options shared with the build-time compilation in scripts/build.mjs: keep them identical. */
export const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true } as const;

interface Precompiled {
  /** The dist/ folder; set by bin/idp-conformance.js from dist/precompiled.json. */
  dir: string;
  /** Schema $id → validator module (relative to dir). */
  validators: Record<string, string>;
}
const precompiled = (globalThis as { __IDP_CONFORMANCE_PRECOMPILED__?: Precompiled }).__IDP_CONFORMANCE_PRECOMPILED__;
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

function describe(err: ErrorObject): { path: (string | number)[]; message: string } {
  const path = pointerToPath(err.instancePath);
  const p = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties') {
    return { path: [...path, String(p.additionalProperty)], message: 'unknown key' };
  }
  if (err.keyword === 'required') {
    return { path, message: `missing required key "${String(p.missingProperty)}"` };
  }
  if (err.keyword === 'enum') {
    return { path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { path, message: err.message ?? err.keyword };
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
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (getYaml().isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const cached = precompiled && join(precompiled.dir, 'yaml', `${createHash('sha256').update(text).digest('base64url')}.json`);
  let data: T;
  if (cached && existsSync(cached)) {
    data = JSON.parse(readFileSync(cached, 'utf8')) as T;
  } else {
    const { doc, lineCounter } = parse();
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const pos = lineCounter.linePos(e.pos[0]);
      throw new InputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as T;
  }
  if (schema) {
    const validate = schemaValidator(schema);
    if (!validate(data)) {
      const problems = (validate.errors ?? [])
        .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
        .map(describe);
      const first = problems.length ? problems : (validate.errors ?? []).map(describe);
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
