// Builds dist/ for a fast `idp-conformance` start:
// - the CLI bundled by esbuild (no TypeScript loader at run time; tsx costs ~250 ms per start here), as one
//   file per entry point: subcommands are dynamic imports that esbuild turns into lazy initialisers, so `mock`
//   never runs the harness or report code, and one file loads ~20 ms faster than a tree of split chunks.
// - dist/precompiled.json: every JSON Schema compiled to validation code by ajv (standalone) and the shipped
//   YAML (vendor profiles, suites) already parsed. Compiling the schemas at start-up took ~350 ms.
//   lib/yaml-file.ts picks them up by schema $id and by the YAML text's SHA-256, and falls back to
//   compiling and parsing when anything differs (running from sources, an edited file). The bundles find
//   dist/precompiled.json beside themselves (__IDP_CONFORMANCE_BUNDLE__), so the library gets it as the CLI does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { parse } from 'yaml';

rmSync('dist', { recursive: true, force: true });
const common = {
  outdir: 'dist',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Libraries are bundled too (one file read instead of hundreds of module resolutions at start-up);
  // Playwright stays external: the harness starts its own CLI, and the spec and reporter must share the runner's
  // module instances. nock too: it patches node:http and fetch when imported (interceptIdp loads it on first use),
  // and one copy shared with the user's own nock scopes sees them all.
  external: ['@playwright/test', 'playwright', 'playwright-core', 'esbuild', 'tsx', 'nock'],
  // Bundled CommonJS (commander, yaml) may call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __idpCreateRequire } from 'node:module'; const require = __idpCreateRequire(import.meta.url);" },
  // lib/yaml-file.ts: in a bundle, dist/precompiled.json sits beside it.
  define: { __IDP_CONFORMANCE_BUNDLE__: 'true' },
  sourcemap: 'linked',
  logLevel: 'warning',
};
// Every entry point sits directly in dist/, one level under the package root, as its sources sit one level under it
// (src/, harness/): `new URL('../fixtures/…', import.meta.url)` then finds the same data in both. The web console's
// static files are found the same way (`../mock-idp/console/`, mock-idp/console-files.ts): they are served as
// written, not bundled, and ship through package.json "files".
// The harness files are what Playwright loads in an installed package: it does not compile TypeScript under
// node_modules, so they ship as JavaScript (harness/playwright.config.ts picks the .js names when it is one).
await build({
  ...common,
  entryPoints: {
    cli: 'src/cli/main.ts',
    // `mock` alone: what a cold start of the mock compiles and evaluates (bin/idp-conformance.js picks it).
    'mock-cli': 'src/cli/mock-main.ts',
    index: 'src/index.ts',
    playwright: 'src/playwright.ts',
  },
});
// The harness files run in Playwright's runner and workers, which bin/idp-conformance.js does not start: they pick
// up the precompiled validators and parsed YAML themselves (else each of those processes compiled every schema with
// ajv and parsed every suite at start, issue #15).
const precompiledBanner = [
  "import { readFileSync as __idpReadFileSync } from 'node:fs';",
  "import { fileURLToPath as __idpFileURLToPath } from 'node:url';",
  'if (!globalThis.__IDP_CONFORMANCE_PRECOMPILED__) {',
  '  try {',
  "    const manifest = JSON.parse(__idpReadFileSync(new URL('./precompiled.json', import.meta.url), 'utf8'));",
  "    globalThis.__IDP_CONFORMANCE_PRECOMPILED__ = { dir: __idpFileURLToPath(new URL('.', import.meta.url)), ...manifest };",
  '  } catch {',
  '    // no precompiled.json: schemas are compiled and YAML parsed at run time',
  '  }',
  '}',
].join('\n');
await build({
  ...common,
  banner: { js: `${common.banner.js}\n${precompiledBanner}` },
  entryPoints: {
    'playwright.config': 'harness/playwright.config.ts',
    'merge.config': 'harness/merge.config.ts',
    'conformance.spec': 'harness/conformance.spec.ts',
    'compliance-reporter': 'harness/compliance-reporter.ts',
    'console-reporter': 'harness/console-reporter.ts',
  },
});

const jsonFiles = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
const yamlFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );

// Same options as AJV_OPTIONS in lib/yaml-file.ts. One CommonJS file per schema, required lazily,
// so `mock` loads only the validators it uses.
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, code: { source: true } }));
const schemaIds = [];
/** The file formats (schemas/*.json; schemas/admin/ holds request bodies). */
const fileFormatIds = [];
for (const file of [...jsonFiles('schemas'), ...jsonFiles('schemas/admin')]) {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  // Only draft 2020-12 schemas are compiled with Ajv2020 at run time too (ctrf.schema.json is draft-07).
  if (!schema.$id || !String(schema.$schema).includes('2020-12')) continue;
  ajv.addSchema(schema);
  schemaIds.push(schema.$id);
  if (!file.startsWith(join('schemas', 'admin'))) fileFormatIds.push(schema.$id);
}
mkdirSync('dist/validators', { recursive: true });
const validators = {};
schemaIds.forEach((id, i) => {
  writeFileSync(`dist/validators/${i}.cjs`, standaloneCode(ajv, ajv.getSchema(id)));
  validators[id] = `validators/${i}.cjs`;
});

// The shipped YAML (vendor profiles, suites), parsed, one JSON file per text hash, with the schemas each one is
// valid against: loading a shipped file then needs neither the YAML parser nor its schema's validator (the 240 KB
// profile validator alone cost ~40 ms of a cold start).
mkdirSync('dist/yaml', { recursive: true });
const valid = {};
for (const file of [...yamlFiles('fixtures/profiles'), ...yamlFiles('suites')]) {
  const text = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(text).digest('base64url');
  const data = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  writeFileSync(`dist/yaml/${hash}.json`, JSON.stringify(data));
  valid[hash] = fileFormatIds.filter((id) => ajv.getSchema(id)(data));
}
writeFileSync('dist/precompiled.json', `${JSON.stringify({ validators, valid }, null, 2)}\n`);

// Type declarations for the public entry points (tsconfig.build.json), in dist/types/. TypeScript keeps the sources'
// relative `.ts` specifiers in declarations; a consumer without allowImportingTsExtensions rejects those (TS5097),
// so they are rewritten to the `.js` a declaration file resolves beside itself.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const declarations = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
for (const file of declarations('dist/types')) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(/(from\s+|import\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(file, rewritten);
}
