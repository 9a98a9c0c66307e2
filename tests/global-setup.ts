// The CLI tests run the built package (dist/), as a user's install does. `npm test` builds it before Playwright
// starts; a single test file run by hand (`npx playwright test tests/harness/…`) gets it built here when it is
// missing. No test builds it itself: scripts/build.mjs starts by removing dist/, under the other tests' feet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(join(root, 'dist', 'cli.js')))
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
