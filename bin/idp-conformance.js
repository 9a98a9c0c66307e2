#!/usr/bin/env node
// Entry point for `npx idp-conformance`. The esbuild bundle in dist/ (built by `npm run build`, run on
// install via `prepare`) starts in a few tens of milliseconds; without it we fall back to tsx on the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(dist) && !process.env.IDP_CONFORMANCE_FROM_SOURCE) {
  await import(pathToFileURL(dist).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
