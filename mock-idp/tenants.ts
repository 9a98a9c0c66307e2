// Several mock issuers in one process (config `tenants:`): each under its own path prefix with its own profile,
// keys, clients, clock, faults and admin API — e.g. an Oracle identity domain and a ServiceNow instance side by
// side. One listener; a request goes to the tenant whose issuer path (or RFC 8414 well-known path) it is under.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../lib/errors.ts';
import { loadConfig, type MockConfig } from './config.ts';
import { DEFAULTS } from './defaults.ts';
import { NotFound } from './errors.ts';
import { sendError } from './http/respond.ts';
import { createMockIdp, type MockIdp, type MockIdpOptions } from './index.ts';
import { createListener } from './server.ts';
import { resolveTls } from './tls/index.ts';

export interface MockTenantsOptions extends Pick<
  MockIdpOptions,
  'port' | 'host' | 'tls' | 'tlsLabels' | 'adminToken' | 'limits' | 'clients' | 'log' | 'keys'
> {
  /** A mock config file (or object) with `tenants:`. `clients`, `log` and `keys` apply to every tenant. */
  config: string | MockConfig;
}

export interface MockTenant {
  /** The tenant's path prefix (config tenants[].path). */
  path: string;
  idp: MockIdp;
}

export interface MockTenants {
  port: number;
  /** PEM of the CA to trust with `tls: true`. */
  ca: string | undefined;
  tenants: MockTenant[];
  close(): Promise<void>;
}

/** True when a config (file or object) declares tenants: then startMockTenants, not startMockIdp, serves it. */
export function hasTenants(config: string | MockConfig | undefined): boolean {
  return !!loadConfig(config).config.tenants;
}

export async function startMockTenants(options: MockTenantsOptions): Promise<MockTenants> {
  const { config, baseDir, source } = loadConfig(options.config);
  const declared = config.tenants;
  if (!declared) throw new InputError(`${source}: no tenants: declared`);
  const others = Object.keys(config).filter((k) => k !== 'tenants' && k !== '$schema');
  if (others.length)
    throw new InputError(`${source}: ${others[0]}: a config with tenants holds only tenants (put it in a tenant's config)`);
  const paths = declared.map((t) => t.path.replace(/\/$/, ''));
  paths.forEach((p, i) => {
    const clash = paths.findIndex((q, j) => j !== i && (q === p || p.startsWith(`${q}/`)));
    if (clash !== -1) throw new InputError(`${source}: tenants[${i}].path: "${p}" is under tenants[${clash}].path "${paths[clash]}"`);
  });

  const host = options.host ?? DEFAULTS.host;
  const tls = resolveTls(options.tls, host, options.tlsLabels);
  const routes: { path: string; server: Server }[] = [];
  const front = createListener({ ...DEFAULTS.limits, ...options.limits }, (req, res) => route(routes, req, res), tls);
  const port = await new Promise<number>((resolveListen, reject) => {
    front.once('error', (err: NodeJS.ErrnoException) =>
      reject(new InputError(`cannot listen on ${host}:${options.port ?? 0}: ${err.code}`)),
    );
    front.listen(options.port ?? DEFAULTS.port, host, () => resolveListen((front.address() as AddressInfo).port));
  });
  const origin = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const tenants: MockTenant[] = [];
  try {
    for (const [i, t] of declared.entries()) {
      const tenantConfig = typeof t.config === 'string' ? resolve(baseDir, t.config) : absolutePaths(t.config, baseDir);
      if (hasTenants(tenantConfig)) throw new InputError(`${source}: tenants[${i}].config: tenants do not nest`);
      const { idp, server } = await createMockIdp(
        {
          config: tenantConfig,
          issuer: origin + paths[i]!,
          host,
          adminToken: options.adminToken,
          limits: options.limits,
          // Added to each tenant's own clients, as startMockIdp adds them to the config's (`mock --client`).
          clients: options.clients,
          log: options.log,
          keys: options.keys,
        },
        false,
      );
      tenants.push({ path: paths[i]!, idp: { ...idp, port, ca: tls?.ca } });
      routes.push({ path: paths[i]!, server });
    }
  } catch (err) {
    front.close();
    await Promise.all(tenants.map((t) => t.idp.close()));
    throw err;
  }
  return {
    port,
    ca: tls?.ca,
    tenants,
    close: async () => {
      await Promise.all(tenants.map((t) => t.idp.close()));
      await new Promise<void>((done) => {
        front.close(() => done());
        front.closeAllConnections();
      });
    },
  };
}

/** Under /PREFIX, or an RFC 8414 §3.1 well-known URL with the suffix inserted before /PREFIX. */
function route(routes: { path: string; server: Server }[], req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!;
  const wellKnown = /^\/\.well-known\/[^/]+(\/.*)$/.exec(path)?.[1];
  const hit = routes.find((r) => [path, wellKnown].some((p) => p !== undefined && (p === r.path || p.startsWith(`${r.path}/`))));
  if (hit) hit.server.emit('request', req, res);
  else sendError(res, new NotFound(path));
}

/** An inline tenant config's key and JWKS files resolve from the tenants file, as they would from its own file. */
function absolutePaths(config: MockConfig, baseDir: string): MockConfig {
  const abs = (f: string | undefined) => (f && !isAbsolute(f) ? resolve(baseDir, f) : f);
  return {
    ...config,
    ...(Array.isArray(config.keys) ? { keys: config.keys.map((k) => (k.file ? { ...k, file: abs(k.file) } : k)) } : {}),
    ...(config.clients ? { clients: config.clients.map((c) => (c.jwksFile ? { ...c, jwksFile: abs(c.jwksFile) } : c)) } : {}),
  };
}
