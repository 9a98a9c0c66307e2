// Regenerates docs/images/html-report.png, the README's picture of index.html (issue #12): a real run of the
// shipped suites against the embedded mock with one fault switched on (missing-cache-control: token responses
// lack Cache-Control: no-store, RFC 6749 §5.1), so the failures show expanded, photographed in headless Chromium.
//   npx tsx scripts/report-screenshot.ts [out.png]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { startEmbeddedMock } from '../harness/embedded-mock.ts';
import { runConformance } from '../src/run.ts';
import { findChromium } from './browser.mjs';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'docs', 'images', 'html-report.png'));
const tmp = mkdtempSync(join(tmpdir(), 'idp-conformance-screenshot-'));
const mock = await startEmbeddedMock(root, 'generic');
try {
  Object.assign(process.env, mock.env);
  const res = await fetch(new URL('_admin/faults', `${mock.target.issuer}/`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'missing-cache-control' }),
  });
  if (res.status !== 201) throw new Error(`could not switch the fault on: ${res.status} ${await res.text()}`);
  // The target as the embedded mock describes it, its key file made absolute (YAML reads JSON).
  const target = JSON.stringify({ ...mock.target, name: 'embedded mock (generic + missing-cache-control)' }).replace(
    /\$\{file:([^}]+)\}/g,
    (_m, file: string) => `\${file:${join(mock.baseDir, file)}}`,
  );
  writeFileSync(join(tmp, 'target.yaml'), target);
  const reportDir = join(tmp, 'report');
  const code = await runConformance({ target: join(tmp, 'target.yaml'), reportDir, quiet: true, log: (l) => console.log(l) });
  if (code !== 1) throw new Error(`expected a not-conformant run (exit 1), got exit ${code}`);

  const executablePath = findChromium()?.executablePath;
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1240 }, colorScheme: 'light' });
    // The failures only (the filter is kept in the URL fragment): the failing check opens with its evidence.
    await page.goto(`${pathToFileURL(join(reportDir, 'index.html')).href}#outcome=fail,error,warn`);
    await page.screenshot({ path: out, type: 'png' });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
}
