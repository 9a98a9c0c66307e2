// The web console (<issuer>/_console/): static files shipped in mock-idp/console/ (plain ES modules, no build
// step, nothing from a CDN) that drive the admin API. The files hold no data and no secret: every read and
// change goes through /_admin, which applies the admin token (the page asks for it and sends it as a Bearer
// header, never in a URL). Served only where the admin API is.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Route } from './server.ts';

export const CONSOLE_PREFIX = '/_console';
/** mock-idp/console/, from the sources (mock-idp/) or the bundle (dist/): both sit one level below the root. */
export const CONSOLE_DIR = fileURLToPath(new URL('../mock-idp/console/', import.meta.url));

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** Same-origin scripts, styles and fetches only; no framing. */
const HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Routes for `${issuerPath}/_console` (redirected to the directory, so relative URLs resolve) and its files. */
export function consoleRoutes(issuerPath: string): Map<string, Route> {
  const base = issuerPath.replace(/\/$/, '') + CONSOLE_PREFIX;
  const route: Route = {
    methods: ['GET', 'HEAD'],
    handler: async (_ctx, req, res, url) => {
      if (url.pathname === base) {
        res.writeHead(308, { Location: `${base}/`, 'Content-Length': 0 });
        return void res.end();
      }
      const name = url.pathname.slice(base.length + 1) || 'index.html';
      const type = FILES[name];
      if (!type) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS });
        return void res.end('not found\n');
      }
      const body = await readFile(CONSOLE_DIR + name);
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, ...HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
  return new Map([[`${base}/*`, route]]);
}
