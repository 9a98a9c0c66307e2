// The HTTP server: node:http, a route table, hostile-input limits. Every OAuthError becomes its RFC error
// response; no input crashes the process, and only a real bug answers 500.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { watchRequest } from './access-log.ts';
import type { MockContext } from './context.ts';
import { MethodNotAllowed, NotFound, OAuthError } from './errors.ts';
import { introspectionEndpoint } from './endpoints/introspection.ts';
import { jwksEndpoint } from './endpoints/jwks.ts';
import { metadataEndpoint } from './endpoints/metadata.ts';
import { resourceEndpoint } from './endpoints/resource.ts';
import { revocationByQueryEndpoint, revocationEndpoint } from './endpoints/revocation.ts';
import { tokenEndpoint } from './endpoints/token.ts';
import { faultFlag, firedFaults } from './faults/engine.ts';
import { sendError, sendJson } from './http/respond.ts';

export type Handler = (ctx: MockContext, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
export interface Route {
  methods: string[];
  handler: Handler;
  /** Endpoint name faults are aimed at (token, jwks, metadata, introspection, revocation, resource). */
  name?: string;
}

/** Revocation by profile revocation.style: RFC 7009, or ServiceNow's unauthenticated GET ?token=. */
const REVOCATION_ROUTES: Record<MockContext['profile']['revocation']['style'], Route> = {
  rfc7009: { methods: ['POST'], handler: revocationEndpoint, name: 'revocation' },
  'get-query': { methods: ['GET'], handler: revocationByQueryEndpoint, name: 'revocation' },
};

/**
 * Routes by absolute path; built from the settings' paths under the issuer's path prefix (the sample
 * resource under the origin's). A profile's null path or unserved metadata has no route (404).
 */
export function buildRoutes(ctx: MockContext, extra: Map<string, Route> = new Map()): Map<string, Route> {
  const prefix = new URL(ctx.issuer()).pathname.replace(/\/$/, '');
  const { paths } = ctx.settings;
  const routes = new Map<string, Route>([
    [prefix + paths.token, { methods: ['POST'], handler: tokenEndpoint, name: 'token' }],
    [prefix + paths.jwks, { methods: ['GET', 'HEAD'], handler: jwksEndpoint, name: 'jwks' }],
    [new URL(ctx.resourceUrl()).pathname, { methods: ['GET', 'POST'], handler: resourceEndpoint, name: 'resource' }],
  ]);
  if (paths.introspection !== null)
    routes.set(prefix + paths.introspection, { methods: ['POST'], handler: introspectionEndpoint, name: 'introspection' });
  if (paths.revocation !== null) routes.set(prefix + paths.revocation, REVOCATION_ROUTES[ctx.profile.revocation.style]);
  if (ctx.profile.metadata.served) {
    // RFC 8414 §3.1: well-known suffix inserted between host and issuer path; OIDC Discovery §4: appended.
    const route: Route = { methods: ['GET', 'HEAD'], handler: metadataEndpoint, name: 'metadata' };
    routes.set(`/.well-known/oauth-authorization-server${prefix}`, route);
    routes.set(`${prefix}/.well-known/openid-configuration`, route);
  }
  for (const [path, route] of extra) routes.set(path, route);
  return routes;
}

/** A route whose key ends in "/*" serves every path below it (the admin API under /_admin). */
function prefixRoute(routes: Map<string, Route>, path: string): Route | undefined {
  for (const [key, route] of routes)
    if (key.endsWith('/*') && (path.startsWith(key.slice(0, -1)) || path === key.slice(0, -2))) return route;
  return undefined;
}

/** With `tls` (PEM certificate chain and key), the same server over HTTPS (node:https). */
export function createMockServer(ctx: MockContext, getRoutes: () => Map<string, Route>, tls?: { cert: string; key: string }): Server {
  return createListener(
    ctx.settings.limits,
    (req, res) => {
      if (ctx.accessLog) watchRequest(ctx.accessLog, req, res);
      void handle(ctx, getRoutes(), req, res);
    },
    tls,
  );
}

/** node:https (and node:tls with it) loaded only for a TLS mock: a plain start saves ~10 ms of built-in loading. */
const https = (): typeof Https => createRequire(import.meta.url)('node:https') as typeof Https;

/** A node:http(s) server with the hostile-input limits (also the front of several tenants, mock-idp/tenants.ts). */
export function createListener(
  limits: MockContext['settings']['limits'],
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: { cert: string; key: string },
): Server {
  // node:http only checks headersTimeout / requestTimeout every connectionsCheckingInterval (30 s by default),
  // which would let a slowloris client hold a socket up to 30 s past either limit: check often instead.
  const connectionsCheckingInterval = Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
  const options = { requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval };
  const server: Server = tls ? https().createServer({ ...options, ...tls }, onRequest) : createServer(options, onRequest);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => socket.destroy());
  // Unparseable HTTP (bad request line, oversize headers): answer 400 / 431 as JSON, never crash.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({ error: 'invalid_request', error_description: 'malformed HTTP request' });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

async function handle(ctx: MockContext, routes: Map<string, Route>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    url = new URL('http://mock.invalid/');
  }
  const route = routes.get(url.pathname) ?? prefixRoute(routes, url.pathname);
  // Faults (faults/engine.ts) fire per request on named endpoints; the admin API is never faulty.
  const fired = route?.name && ctx.faults.enabled ? ctx.faults.select(route.name) : [];
  if (!fired.length) return dispatch(ctx, route, req, res, url);
  return ctx.faults.run(fired, async () => {
    for (const hooks of fired) if (hooks.operational && (await hooks.operational(req, res)) === 'handled') return;
    await dispatch(ctx, route, req, res, url);
  });
}

async function dispatch(ctx: MockContext, route: Route | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    // Faults that read the request the way a broken server would (faults/request.ts) go first.
    for (const f of firedFaults()) req = (await f.request?.(req, url)) ?? req;
    if (!route) throw new NotFound(url.pathname);
    if (!route.methods.includes(req.method ?? '')) throw new MethodNotAllowed(route.methods.join(', '));
    await route.handler(ctx, req, res, url);
  } catch (err) {
    // Also when the client went away mid-body (abort, idle timeout): nobody to answer, and no mock bug.
    if (res.headersSent || req.socket.destroyed) {
      res.destroy();
      return;
    }
    if (err instanceof OAuthError && err.status === 400 && faultFlag('serverErrorOnBadRequest')) {
      sendJson(res, 500, { error: 'server_error', error_description: 'fault: server-error-on-bad-request' });
    } else if (err instanceof OAuthError) {
      // After a 413 the rest of the body is not read: close the connection instead of draining it.
      if (err.status === 413) res.setHeader('Connection', 'close');
      sendError(res, err, ctx.profile);
    } else {
      process.emitWarning(`idp-conformance mock: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
      sendJson(
        res,
        500,
        { error: 'server_error', error_description: 'unexpected error in the mock' },
        { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      );
    }
  }
}
