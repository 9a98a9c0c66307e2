#!/usr/bin/env node
// Entry point for `npx idp-conformance`. The esbuild bundle in dist/ (built by `npm run build`, run on
// install via `prepare`) starts in a few tens of milliseconds; without it we fall back to tsx on the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `mock` has a bundle of its own (src/cli/mock-main.ts): the same program with only that command, without the
// code and node built-ins of the others.
const dist = fileURLToPath(new URL(process.argv[2] === 'mock' ? '../dist/mock-cli.js' : '../dist/cli.js', import.meta.url));
if (process.argv[2] === 'mock' && process.argv.includes('--fresh-keys')) {
  // RS256 (the default) needs an RSA key, 80–200 ms of work: with --fresh-keys (otherwise the per-user key cache,
  // mock-idp/key-cache.ts, has one) start it in the thread pool now so it overlaps loading the CLI.
  // mock-idp/keys.ts takes it for the first generated RSA key, if there is one.
  const { generateKeyPair } = await import('node:crypto');
  const pair = new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
  pair.catch(() => undefined);
  globalThis.__IDP_CONFORMANCE_RSA__ = pair;
}
if (existsSync(dist) && !process.env.IDP_CONFORMANCE_FROM_SOURCE) {
  await import(pathToFileURL(dist).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
