// The harness's Playwright files: the TypeScript beside this module when running from sources, the JavaScript
// build in dist/ otherwise. Playwright does not compile TypeScript under node_modules, so an installed package
// must use the build (scripts/build.mjs writes each one to dist/ under the same name).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

export type HarnessFile = 'playwright.config' | 'merge.config' | 'conformance.spec' | 'compliance-reporter' | 'console-reporter';

export function harnessFile(name: HarnessFile): string {
  return join(here, `${name}.${ext}`);
}
