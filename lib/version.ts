// The one version of the tool, read from package.json: `idp-conformance --version`, the reports' `tool.version`.
// Sources (lib/, harness/) and the build (dist/) sit one level under the package root alike.
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
