// Library API of the mock IdP: startMockIdp(options) → { issuer, url(path), close(), clock }.
import type { AddressInfo } from 'node:net';
import { InputError } from '../lib/errors.ts';
import { isLoopbackHost } from '../lib/loopback.ts';
import { ADMIN_PREFIX, adminRoute, createAdmin, type Admin, type AdminDeps } from './admin/index.ts';
import { MockClock } from './clock.ts';
import { ClientStore, clientFromConfig } from './clients.ts';
import { loadConfig, readJsonFile, tokenDefaults, type MockConfig } from './config.ts';
import type { MockContext, Settings } from './context.ts';
import { DEFAULTS } from './defaults.ts';
import { FaultEngine, type FaultSpec } from './faults/engine.ts';
import { generateSigningKey, importSigningKey, KeyStore } from './keys.ts';
import { loadProfile } from './profile.ts';
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
  /** Vendor profile (fixtures/profiles/NAME.yaml); overrides the config's profile. Default generic. */
  profile?: string;
  /** RFC-exact behaviour while keeping the profile's paths and defaults. */
  strict?: boolean;
  /** Named quirks of the profile to switch on (off by default). */
  quirks?: string[];
  /**
   * Durable state file: clients, secret hashes, roles, keys, revocations and the clock survive restarts.
   * Read at start when it exists (then it, not the config, holds clients and keys); every change is
   * written before it is acknowledged.
   */
  state?: string;
  /** Bearer token of the admin API; default IDP_CONFORMANCE_ADMIN_TOKEN, then the config's admin.token. */
  adminToken?: string;
  /** Faults to switch on at start, in addition to the config's faults: (docs/faults.md). */
  faults?: FaultSpec[];
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
  /** Absolute URL of the admin API; undefined when the config disables it (admin.enabled: false). */
  adminUrl: string | undefined;
  /** The admin API requires Authorization: Bearer <admin token> (else it is open, on loopback only). */
  adminTokenRequired: boolean;
  close(): Promise<void>;
  /** Internals for tests and the admin API; not a stable API. */
  context: MockContext;
}

export type { MockConfig } from './config.ts';
export { MockClock } from './clock.ts';

export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const { config, baseDir, source } = loadConfig(options.config);
  const host = options.host ?? DEFAULTS.host;
  const adminEnabled = config.admin?.enabled !== false;
  const adminToken = (options.adminToken ?? process.env.IDP_CONFORMANCE_ADMIN_TOKEN ?? config.admin?.token) || undefined;
  if (adminEnabled && !adminToken && !isLoopbackHost(host)) {
    throw new InputError(
      `refusing to listen on ${host} (not loopback) with an open admin API: set an admin token (environment variable IDP_CONFORMANCE_ADMIN_TOKEN, config admin.token) or disable the admin API (admin.enabled: false)`,
    );
  }
  const startOffset = options.clockOffset ?? config.clock?.offset ?? 0;
  const clock = new MockClock(startOffset);
  // The vendor profile: the settings below are derived from it, and the config overrides them.
  const profile = loadProfile(options.profile ?? config.profile ?? DEFAULTS.profile, {
    strict: options.strict ?? config.strict,
    quirks: options.quirks ?? config.quirks,
  });
  const tokens = tokenDefaults(config, profile);
  const settings: Settings = {
    realm: config.realm ?? DEFAULTS.realm,
    tokens: { ...tokens, opaqueBytes: profile.tokens.opaqueBytes },
    privateKeyJwt: { ...DEFAULTS.privateKeyJwt },
    limits: { ...DEFAULTS.limits, ...options.limits },
    resource: {
      requiredScope: config.resource?.requiredScope ?? profile.resource.requiredScope,
      audience: config.resource?.audience,
      realm: config.realm ?? profile.resource.realm ?? DEFAULTS.realm,
    },
    paths: { ...profile.paths },
    cloudRealm: config.cloudRealm,
  };

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
    // Client ids are unique: loadConfig refused duplicates.
    const list = (config.clients ?? []).map((c) => clientFromConfig(c, now, baseDir, source, profile.lifecycle.roles.default));
    clients.clear();
    for (const c of list) clients.put(c);
  };
  const clients = new ClientStore();
  const stateFile = options.state ? new StateFile(options.state, () => snapshotOf(ctx)) : undefined;
  const saved = stateFile ? readStateFile(stateFile.path) : undefined;

  // The origin the mock stands in for; the issuer adds the profile's issuer path (AVEVA: /identity).
  let base = options.issuer ?? config.issuer ?? '';
  const issuerOf = (b: string) => (profile.issuerPath ? b.replace(/\/$/, '') + profile.issuerPath : b);
  let issuer = base ? issuerOf(base) : '';
  const ctx: MockContext = {
    settings,
    profile,
    clock,
    keys,
    clients,
    tokens: undefined as unknown as TokenService,
    faults: new FaultEngine(() => clock.now()),
    requestLog: new RequestLog(() => clock.nowMs()),
    persist: () => (stateFile ? stateFile.persist() : Promise.resolve()),
    issuer: () => issuer,
    url: (path) => issuer.replace(/\/$/, '') + path,
    resourceUrl: () => base.replace(/\/$/, '') + settings.paths.resource,
    defaultAudience: () => settings.resource.audience ?? ctx.resourceUrl(),
  };
  const newTokenService = () => new TokenService(clock, keys, () => profile.tokens.issuer ?? ctx.issuer(), settings.tokens.opaqueBytes, { typ: profile.tokens.typ });
  ctx.tokens = newTokenService();
  if (saved) applySnapshot(ctx, saved);
  else seedFromConfig();
  const startFaults = [...(config.faults ?? []), ...(options.faults ?? [])];
  const seedFaults = () => {
    ctx.faults.clear();
    for (const f of startFaults) ctx.faults.enable(f);
  };
  seedFaults();
  const readyCheck = keys.ready().catch((err: Error) => {
    throw new InputError(`${saved ? `state file ${stateFile!.path}` : source}: signing key: ${err.message}`);
  });
  const adminDeps: AdminDeps = {
    ctx,
    rebuild: async () => {
      clock.setOffset(startOffset);
      seedFaults();
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
  if (!base) {
    base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    issuer = issuerOf(base);
  }
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
    adminUrl: adminEnabled ? ctx.url(ADMIN_PREFIX) : undefined,
    adminTokenRequired: adminEnabled && !!adminToken,
    context: ctx,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruner);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
