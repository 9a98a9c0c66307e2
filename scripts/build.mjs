// Bundles the CLI with esbuild so `idp-conformance mock` cold-starts without a TypeScript loader.
// Subcommands are dynamic imports, so `mock` never loads the harness or the report renderers.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
