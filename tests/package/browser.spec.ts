// How `npm test` gets its Chromium on a fresh machine (issue #9, scripts/browser.mjs): the order it looks in, and
// the no-browser path — Playwright's download refused, Debian's package installed instead, or one line saying what
// to install. Every case hides this machine's own browsers (an empty Playwright cache, a system search path of the
// test's own), so it behaves as it would on a machine that has none.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'browser.mjs');

function machine() {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-browser-'));
  const dirs = { browsers: join(dir, 'ms-playwright'), system: join(dir, 'usr-bin'), fakebin: join(dir, 'fakebin') };
  for (const d of Object.values(dirs)) mkdirSync(d);
  // Nothing of this machine's is visible: an empty Playwright cache, an empty system search path, and a download
  // host that refuses connections (this workplace's network, or any offline machine).
  const env: Record<string, string> = {
    PATH: `${dirs.fakebin}:${process.env.PATH}`,
    HOME: dir,
    PLAYWRIGHT_BROWSERS_PATH: dirs.browsers,
    PLAYWRIGHT_DOWNLOAD_HOST: 'http://127.0.0.1:9',
    IDP_CONFORMANCE_SYSTEM_BROWSER_DIRS: dirs.system,
  };
  const run = (extra: Record<string, string> = {}) => {
    const { PLAYWRIGHT_CHROMIUM_EXECUTABLE: _explicit, ...inherited } = process.env;
    const r = spawnSync(process.execPath, [SCRIPT, '--print'], {
      encoding: 'utf8',
      env: { ...inherited, ...env, ...extra },
      timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
  };
  return { dirs, env, run };
}

function executable(path: string, body = '#!/bin/sh\nexit 0\n') {
  writeFileSync(path, body);
  chmodSync(path, 0o755);
}

test('PLAYWRIGHT_CHROMIUM_EXECUTABLE comes first', () => {
  const m = machine();
  executable(join(m.dirs.system, 'chromium'));
  expect(m.run({ PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/opt/my/chrome' }).stdout).toBe('PLAYWRIGHT_CHROMIUM_EXECUTABLE /opt/my/chrome');
});

test("Playwright's own installed Chromium comes before a system one", () => {
  const m = machine();
  executable(join(m.dirs.system, 'chromium'));
  const require = createRequire(join(ROOT, 'package.json'));
  const manifest = JSON.parse(readFileSync(join(dirname(require.resolve('playwright-core/package.json')), 'browsers.json'), 'utf8')) as {
    browsers: { name: string; revision: string }[];
  };
  const shell = manifest.browsers.find((b) => b.name === 'chromium-headless-shell')!;
  mkdirSync(join(m.dirs.browsers, `chromium_headless_shell-${shell.revision}`));
  writeFileSync(join(m.dirs.browsers, `chromium_headless_shell-${shell.revision}`, 'INSTALLATION_COMPLETE'), '');
  expect(m.run().stdout).toBe('playwright');
});

test('a system Chromium on the search path is used when Playwright has none', () => {
  const m = machine();
  executable(join(m.dirs.system, 'chromium'));
  expect(m.run().stdout).toBe(`system ${join(m.dirs.system, 'chromium')}`);
});

test("no browser anywhere, download refused: Debian's chromium package is installed and used", () => {
  const m = machine();
  // apt-get as on a Debian machine where the user may install packages: `install chromium` puts /usr/bin/chromium.
  executable(
    join(m.dirs.fakebin, 'apt-get'),
    `#!/bin/sh\necho "$@" >> "${join(m.dirs.fakebin, 'apt.log')}"\nif [ "$1" = install ]; then printf '#!/bin/sh\\n' > "${m.dirs.system}/chromium"; chmod +x "${m.dirs.system}/chromium"; fi\n`,
  );
  const r = m.run();
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('Playwright could not download Chromium');
  expect(readFileSync(join(m.dirs.fakebin, 'apt.log'), 'utf8')).toBe('update -qq\ninstall -y -qq chromium\n');
  expect(r.stdout).toBe(`system ${join(m.dirs.system, 'chromium')}`);
});

test('no browser and no way to obtain one: one line saying what to install, and a failing exit', () => {
  const m = machine();
  const r = m.run({ IDP_CONFORMANCE_BROWSER_INSTALLERS: 'none' });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toEqual([
    'idp-conformance: no Chromium for the browser tests: run `npx playwright install chromium`, or install Debian/Ubuntu `chromium` (apt-get install chromium), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE',
  ]);
});
