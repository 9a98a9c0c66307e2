// The admin API over HTTP: one route under the reserved prefix (/_admin), dispatching to the resource
// modules. Admin bearer token checked in constant time; JSON in, JSON out; every error is a JSON body with a
// 4xx status (400 bad body, 401 token, 404 unknown, 405 method, 409 conflict). The token is never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OAuthError } from '../errors.ts';
import { readBody } from '../http/body.ts';
import { NO_STORE, sendEmpty, sendJson } from '../http/respond.ts';
import type { Route } from '../server.ts';
import { clientRoutes } from './clients.ts';
import { clockRoutes } from './clock.ts';
import { faultRoutes } from './faults.ts';
import { AdminError, Unauthorized } from './errors.ts';
import { keyRoutes } from './keys.ts';
import { logRoutes } from './log.ts';
import { profileRoutes } from './profile.ts';
import { resetRoutes } from './reset.ts';
import { roleRoutes } from './roles.ts';
import { secretRoutes } from './secrets.ts';
import { tokenRoutes } from './tokens.ts';
import type { AdminDeps, AdminRoute } from './types.ts';

export const ADMIN_PREFIX = '/_admin';
const ROUTES: AdminRoute[] = [
  ...clientRoutes,
  ...secretRoutes,
  ...roleRoutes,
  ...keyRoutes,
  ...clockRoutes,
  ...faultRoutes,
  ...logRoutes,
  ...resetRoutes,
  ...tokenRoutes,
  ...profileRoutes,
];

interface Compiled {
  route: AdminRoute;
  pattern: RegExp;
  names: string[];
}

const COMPILED: Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Undefined token = open admin API (the caller only allows that on loopback). */
function authorize(token: string | undefined, header: string | undefined): void {
  if (token === undefined) return;
  const presented = /^bearer +(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (presented === undefined) throw new Unauthorized('the admin API requires Authorization: Bearer <admin token>');
  if (!timingSafeEqual(digest(presented), digest(token))) throw new Unauthorized('wrong admin token');
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AdminError(400, 'invalid_json', `the request body is not JSON: ${(err as Error).message}`);
  }
}

function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AdminError(400, 'invalid_path', 'malformed percent-encoding in the path');
  }
}

function sendAdminError(res: ServerResponse, err: AdminError | OAuthError): void {
  if (err instanceof AdminError)
    sendJson(res, err.status, { error: err.code, message: err.message, ...err.details }, { ...NO_STORE, ...err.headers });
  else sendJson(res, err.status, { error: err.error || 'invalid_request', message: err.message }, { ...NO_STORE, ...err.headers });
}

/** The server route for everything under `${issuerPath}/_admin/`. */
export function adminRoute(a: AdminDeps, base: string, token: string | undefined): Route {
  return {
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    handler: async (_ctx, req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        authorize(token, req.headers.authorization);
        const path = url.pathname.slice(base.length) || '/';
        const matches = COMPILED.map((c) => ({ c, m: c.pattern.exec(path) })).filter((x) => x.m);
        if (!matches.length) throw new AdminError(404, 'not_found', `no admin endpoint at ${url.pathname}`);
        const hit = matches.find((x) => x.c.route.method === req.method);
        if (!hit) {
          const allow = matches.map((x) => x.c.route.method).join(', ');
          throw new AdminError(405, 'method_not_allowed', `use ${allow}`, {}, { Allow: allow });
        }
        const params: Record<string, string> = {};
        hit.c.names.forEach((name, i) => (params[name] = segment(hit.m![i + 1]!)));
        const body =
          req.method === 'GET' || req.method === 'DELETE' ? {} : parseJson(await readBody(req, a.ctx.settings.limits.maxBodyBytes));
        const reply = await hit.c.route.run(a, { params, body, query: url.searchParams });
        if (reply.body === undefined) sendEmpty(res, reply.status, NO_STORE);
        else sendJson(res, reply.status, reply.body, NO_STORE);
      } catch (err) {
        if (err instanceof AdminError || err instanceof OAuthError) {
          if (err.status === 413) res.setHeader('Connection', 'close');
          sendAdminError(res, err);
        } else throw err;
      }
    },
  };
}
