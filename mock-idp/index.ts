// Library API of the mock IdP: startMockIdp(options) → { issuer, url(path), close(), clock }.
import type { AddressInfo } from 'node:net';
import { InputError } from '../src/errors.ts';
import { ADMIN_PREFIX, adminRoute, createAdmin, type Admin, type AdminDeps } from './admin/index.ts';
import { MockClock } from './clock.ts';
import { ClientStore, clientFromConfig } from './clients.ts';
import { loadConfig, readJsonFile, tokenDefaults, type MockConfig } from './config.ts';
import type { MockContext, Settings } from './context.ts';
import { DEFAULTS } from './defaults.ts';
import { generateSigningKey, importSigningKey, KeyStore } from './keys.ts';
import { GENERIC_PROFILE } from './profile.ts';
import { RequestLog } from './request-log.ts';
import { buildRoutes, createMockServer, type Route } from './server.ts';
import { applySnapshot, readStateFile, snapshotOf, StateFile } from './state.ts';
import { TokenService } from './tokens.ts';

export interface MockIdpOptions {
  /** YAML config file path, or the config object itself. */
  config?: string | MockConfig;
  port?: number;
  host?: string;
  /** Overrides the config's issuer (e.g. when behind a proxy). */
  issuer?: string;
  /** Seconds added to the real time for every expiry decision. */
  clockOffset?: number;
  /**
   * Durable state file: clients, secret hashes, roles, keys, revocations and the clock survive restarts.
   * Read at start when it exists (then it, not the config, holds clients and keys); every change is
   * written before it is acknowledged.
   */
  state?: string;
  /** Bearer token of the admin API; default IDP_CONFORMANCE_ADMIN_TOKEN, then the config's admin.token. */
  adminToken?: string;
  /** Overrides of the hostile-input limits (body size, timeouts), e.g. short timeouts in tests. */
  limits?: Partial<Settings['limits']>;
}

export interface MockIdp {
  issuer: string;
  port: number;
  url(path: string): string;
  clock: MockClock;
  /** The admin operations (the same functions the /_admin HTTP API calls); changes are durable with state. */
  admin: Admin;
  /** Absolute URL of the admin API. */
  adminUrl: string;
  close(): Promise<void>;
  /** Internals for tests and the admin API; not a stable API. */
  context: MockContext;
}

export type { MockConfig } from './config.ts';
export { MockClock } from './clock.ts';

const isLoopback = (host: string): boolean => host === 'localhost' || /^127\./.test(host) || host === '::1' || /^::ffff:127\./i.test(host);

export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const { config, baseDir, source } = loadConfig(options.config);
  const host = options.host ?? DEFAULTS.host;
  const adminEnabled = config.admin?.enabled !== false;
  const adminToken = options.adminToken ?? process.env.IDP_CONFORMANCE_ADMIN_TOKEN ?? config.admin?.token;
  if (adminEnabled && !adminToken && !isLoopback(host)) {
    throw new InputError(
      `refusing to listen on ${host} (not loopback) with an open admin API: set an admin token (environment variable IDP_CONFORMANCE_ADMIN_TOKEN, config admin.token) or disable the admin API (admin.enabled: false)`,
    );
  }
  const startOffset = options.clockOffset ?? config.clock?.offset ?? 0;
  const clock = new MockClock(startOffset);
  const tokens = tokenDefaults(config);
  const settings: Settings = {
    realm: config.realm ?? DEFAULTS.realm,
    tokens: { ...tokens, opaqueBytes: DEFAULTS.tokens.opaqueBytes },
    privateKeyJwt: { ...DEFAULTS.privateKeyJwt },
    limits: { ...DEFAULTS.limits, ...options.limits },
    resource: { requiredScope: config.resource?.requiredScope ?? DEFAULTS.resource.requiredScope, audience: config.resource?.audience },
    paths: { ...DEFAULTS.paths },
    cloudRealm: config.cloudRealm,
  };

  const profile = GENERIC_PROFILE;
  const keys = new KeyStore();
  // Key files are read now so a bad file fails the start (exit 2); RSA generation runs in the background.
  const keyFiles = (config.keys ?? [{ alg: tokens.alg }]).map((k) => ({
    ...k,
    jwk: k.file ? readJsonFile<Record<string, unknown>>(baseDir, k.file, 'key file', source) : undefined,
  }));
  /** Clients and keys as the config describes them: at the first start and on reset. */
  const seedFromConfig = (): void => {
    const now = clock.now();
    keys.load(() =>
      Promise.all(keyFiles.map((k) => (k.jwk ? importSigningKey(k.jwk, k.alg ?? tokens.alg, now, k.kid) : generateSigningKey(k.alg ?? tokens.alg, now, k.kid)))),
    );
    const ids = new Set<string>();
    const list = (config.clients ?? []).map((c) => {
      if (ids.has(c.id)) throw new InputError(`${source}: clients: duplicate client id "${c.id}"`);
      ids.add(c.id);
      return clientFromConfig(c, now, baseDir, source, profile.lifecycle.roles.default);
    });
    clients.clear();
    for (const c of list) clients.put(c);
  };
  const clients = new ClientStore();
  const stateFile = options.state ? new StateFile(options.state, () => snapshotOf(ctx)) : undefined;
  const saved = stateFile ? readStateFile(stateFile.path) : undefined;

  let issuer = options.issuer ?? config.issuer ?? '';
  const ctx: MockContext = {
    settings,
    profile,
    clock,
    keys,
    clients,
    tokens: undefined as unknown as TokenService,
    requestLog: new RequestLog(() => clock.nowMs()),
    persist: () => (stateFile ? stateFile.persist() : Promise.resolve()),
    issuer: () => issuer,
    url: (path) => issuer.replace(/\/$/, '') + path,
    defaultAudience: () => settings.resource.audience ?? ctx.url(settings.paths.resource),
  };
  const newTokenService = () => new TokenService(clock, keys, ctx.issuer, settings.tokens.opaqueBytes);
  ctx.tokens = newTokenService();
  if (saved) applySnapshot(ctx, saved);
  else seedFromConfig();
  const readyCheck = keys.ready().catch((err: Error) => {
    throw new InputError(`${saved ? `state file ${stateFile!.path}` : source}: signing key: ${err.message}`);
  });
  const adminDeps: AdminDeps = {
    ctx,
    rebuild: async () => {
      clock.setOffset(startOffset);
      ctx.tokens = newTokenService();
      seedFromConfig();
      await keys.ready();
    },
  };
  const admin = createAdmin(adminDeps);
  const adminRoutes = (): Map<string, Route> => {
    const base = new URL(ctx.issuer()).pathname.replace(/\/$/, '') + ADMIN_PREFIX;
    return adminEnabled ? new Map([[`${base}/*`, adminRoute(adminDeps, base, adminToken)]]) : new Map();
  };

  let routes: ReturnType<typeof buildRoutes> | undefined;
  const server = createMockServer(ctx, () => (routes ??= buildRoutes(ctx, adminRoutes())));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' ? new InputError(`cannot listen on ${host}:${options.port ?? 0}: ${err.code}`) : err),
    );
    server.listen(options.port ?? DEFAULTS.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  if (!issuer) issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  routes = buildRoutes(ctx, adminRoutes());
  try {
    await readyCheck;
    await stateFile?.removeStaleTempFiles();
    if (stateFile && !saved) {
      await stateFile.persist().catch((err: NodeJS.ErrnoException) => {
        throw new InputError(`state file ${stateFile.path}: cannot write: ${err.code ?? err.message}`);
      });
    }
  } catch (err) {
    server.close();
    throw err;
  }
  const pruner = setInterval(() => ctx.tokens.prune(), 60_000).unref();

  return {
    issuer,
    port,
    url: ctx.url,
    clock,
    admin,
    adminUrl: ctx.url(ADMIN_PREFIX),
    context: ctx,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruner);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
