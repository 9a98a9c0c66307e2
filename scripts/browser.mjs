// Which Chromium the project's browser tests drive (the HTML report tests, the web console tests), found in this
// order: PLAYWRIGHT_CHROMIUM_EXECUTABLE; Playwright's own installed browser; a system Chromium. `ensureChromium()`
// (run by `npm test` before the tests) obtains one when there is none: Playwright's installer where it can
// download; Debian's `chromium` package where it cannot and packages may be installed (root, or sudo without a
// password); otherwise it stops with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];

/** Where Playwright keeps the browsers it downloads (its PLAYWRIGHT_BROWSERS_PATH rule, Linux and macOS). */
function playwrightBrowsersDir(env) {
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0') return env.PLAYWRIGHT_BROWSERS_PATH;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'ms-playwright');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? homedir(), 'ms-playwright');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ms-playwright');
}

/** True when Playwright's own Chromium (the headless shell or the full build) of this version is installed. */
function playwrightChromiumInstalled(env) {
  const manifest = JSON.parse(readFileSync(join(dirname(require.resolve('playwright-core/package.json')), 'browsers.json'), 'utf8'));
  const dir = playwrightBrowsersDir(env);
  return manifest.browsers
    .filter((b) => b.name === 'chromium-headless-shell' || b.name === 'chromium')
    .some((b) => existsSync(join(dir, `${b.name.replaceAll('-', '_')}-${b.revision}`, 'INSTALLATION_COMPLETE')));
}

/** A Chromium on PATH (or the candidates given for tests). */
function systemChromium(env) {
  const dirs = (env.IDP_CONFORMANCE_SYSTEM_BROWSER_DIRS ?? env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) for (const name of SYSTEM_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * The browser to launch: `{ executablePath }` for an explicit or system binary, `{ executablePath: undefined }` for
 * Playwright's own, or undefined when there is none.
 */
export function findChromium(env = process.env) {
  if (env.PLAYWRIGHT_CHROMIUM_EXECUTABLE)
    return { source: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE', executablePath: env.PLAYWRIGHT_CHROMIUM_EXECUTABLE };
  if (playwrightChromiumInstalled(env)) return { source: 'playwright', executablePath: undefined };
  const system = systemChromium(env);
  return system ? { source: 'system', executablePath: system } : undefined;
}

export const NO_BROWSER =
  'no Chromium for the browser tests: run `npx playwright install chromium`, or install Debian/Ubuntu `chromium` (apt-get install chromium), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE';

/** Ways to obtain a browser, in order; IDP_CONFORMANCE_BROWSER_INSTALLERS (comma-separated, or "none") narrows them. */
const INSTALLERS = {
  playwright: {
    describe: 'npx playwright install chromium',
    run(log, env) {
      const cli = join(dirname(require.resolve('playwright-core/package.json')), 'cli.js');
      const r = spawnSync(process.execPath, [cli, 'install', 'chromium', '--only-shell'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        env,
        timeout: 10 * 60_000,
      });
      if (r.status !== 0)
        log(`idp-conformance: Playwright could not download Chromium (${(r.stderr ?? '').split('\n')[0] || `exit ${r.status}`})`);
      return r.status === 0;
    },
  },
  apt: {
    describe: 'apt-get install chromium',
    run(log, env) {
      const aptGet = onPath('apt-get', env);
      if (!aptGet) return false;
      const root = process.getuid?.() === 0;
      if (!root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status !== 0) return false;
      const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
      for (const args of [
        ['update', '-qq'],
        ['install', '-y', '-qq', 'chromium'],
      ]) {
        log(`idp-conformance: apt-get ${args.join(' ')}`);
        const r = root
          ? spawnSync(aptGet, args, { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv })
          : spawnSync('sudo', ['-n', aptGet, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv });
        if (r.status !== 0) return false;
      }
      return true;
    },
  },
};

function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** Find a browser or obtain one; returns it, or undefined after printing what to install. */
export function ensureChromium({ env = process.env, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const found = findChromium(env);
  if (found) return found;
  const names = (env.IDP_CONFORMANCE_BROWSER_INSTALLERS ?? 'playwright,apt')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s in INSTALLERS);
  for (const name of names) {
    log(`idp-conformance: no Chromium found; trying: ${INSTALLERS[name].describe}`);
    if (INSTALLERS[name].run(log, env)) {
      const now = findChromium(env);
      if (now) return now;
    }
  }
  log(`idp-conformance: ${NO_BROWSER}`);
  return undefined;
}

// `node scripts/browser.mjs`: the step `npm test` runs before the tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = ensureChromium();
  if (!found) process.exit(1);
  if (process.argv.includes('--print')) process.stdout.write(`${found.source} ${found.executablePath ?? ''}\n`);
}
