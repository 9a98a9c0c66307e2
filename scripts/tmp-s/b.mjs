import { build } from 'esbuild';
const r = await build({ entryPoints: { 'exp-mock': 'src/cli/exp-mock-main.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20', metafile: true,
  define: { 'import.meta.url': 'importMetaUrl' }, inject: ['scripts/tmp-s/importmeta.js'],
  external: ['@playwright/test', 'playwright', 'playwright-core', 'esbuild', 'tsx', 'nock'], sourcemap: 'linked', logLevel: 'warning' });
for (const [f, o] of Object.entries(r.metafile.outputs)) console.log(f, o.bytes);
