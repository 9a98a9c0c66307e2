// Library API of the mock IdP: startMockIdp(options) → { issuer, url(path), close(), clock }.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../lib/errors.ts';
import { isLoopbackHost } from '../lib/loopback.ts';
import { CONSOLE_PREFIX, consoleRoutes } from './console-files.ts';
import { ADMIN_PREFIX, adminRoute, createAdmin, type Admin, type AdminDeps, type MintOptions } from './admin/index.ts';
import { MockClock } from './clock.ts';
import { formatAccessLine, type AccessLogEntry, type AccessLogger } from './access-log.ts';
import { ClientStore, clientFromConfig, defaultClientConfig } from './clients.ts';
import { loadConfig, readJsonFile, type ClientConfig, type LoadedConfig, type MockConfig } from './config.ts';
import { endpointUrls, type Endpoints } from './endpoint-urls.ts';
import type { MockContext } from './context.ts';
import { FaultEngine, type FaultSpec } from './faults/engine.ts';
import { generateSigningKey, importSigningKey, KeyStore } from './keys.ts';
import type { SigningAlg } from './defaults.ts';
import type { Profile } from './profile.ts';
import { RequestLog } from './request-log.ts';
import { buildRoutes, createMockServer, type Route } from './server.ts';
import { resolveSettings, type Settings, type StartSettings } from './settings.ts';
import { applySnapshot, readStateFile, snapshotOf, StateFile } from './state.ts';
import { resolveTls, type TlsFiles, type TlsLabels } from './tls/index.ts';
import { applicationGuid, TokenService } from './tokens.ts';

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
  /**
   * Clients added to the config's (one with the same id replaces it), e.g. from `mock --client ID:SECRET`.
   * With no client at all the mock has one: mock-client / mock-secret (README "The mock IdP").
   */
  clients?: ClientConfig[];
  /**
   * 'fresh': generate new signing keys at this start. Default: the process's key of the algorithm, kept in a
   * per-user cache across processes (key-cache.ts); each instance still publishes its own kid.
   */
  keys?: 'fresh';
  /** One line per HTTP request (method, path, client, outcome, status, ms; never a secret or token): true = stdout. */
  log?: boolean | ((line: string, entry: AccessLogEntry) => void);
  /**
   * Serve over HTTPS: `true` makes a certificate at start for localhost, 127.0.0.1 and ::1, signed by a throw-away
   * CA returned as `idp.ca`; or your own PEM chain and key (`ca`: what `idp.ca` returns then).
   */
  tls?: boolean | TlsFiles;
  /** Where tls.cert / tls.key came from, for error messages (the CLI's flags). */
  tlsLabels?: TlsLabels;
}

export interface MockIdp {
  issuer: string;
  port: number;
  /** PEM of the CA to trust with `tls` (NODE_EXTRA_CA_CERTS, undici Agent `connect.ca`, curl --cacert); else undefined. */
  ca: string | undefined;
  url: (path: string) => string;
  clock: MockClock;
  /** The admin operations (the same functions the /_admin HTTP API calls); changes are durable with state. */
  admin: Admin;
  /**
   * An access token as the mock issues it, with the defects asked for (expired, wrong aud, unknown kid, alg none,
   * …): for testing that a resource server rejects bad tokens. The same as POST <issuer>/_admin/tokens.
   */
  mintToken(options?: MintOptions): Promise<string>;
  /** Absolute URLs of the endpoints under the profile in force (servicenow: token = …/oauth_token.do). */
  endpoints: Endpoints;
  /** Absolute URL of the admin API; undefined when the config disables it (admin.enabled: false). */
  adminUrl: string | undefined;
  /** Absolute URL of the web console (same access as the admin API: it asks for the admin token when one is set). */
  consoleUrl: string | undefined;
  /** The admin API requires Authorization: Bearer <admin token> (else it is open, on loopback only). */
  adminTokenRequired: boolean;
  close(): Promise<void>;
  /** Internals for tests and the admin API; not a stable API. */
  context: MockContext;
}

export type { MockConfig, ClientConfig } from './config.ts';
export type { Endpoints } from './endpoint-urls.ts';
export type { MintOptions, MintedToken } from './admin/index.ts';
export type { AccessLogEntry } from './access-log.ts';
export { MockClock } from './clock.ts';

export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  return (await createMockIdp(options)).idp;
}

/**
 * The mock and its node:http server. `listening: false` (interceptIdp) builds it for a configured issuer without
 * opening a port: requests are then emitted on the server (http/in-memory.ts).
 */
export async function createMockIdp(options: MockIdpOptions, listening = true): Promise<{ idp: MockIdp; server: Server }> {
  const { config, baseDir, source } = withClients(loadConfig(options.config), options.clients);
  if (config.tenants) throw new InputError(`${source}: tenants: several issuers are started by startMockTenants or the mock command`);
  const { profile, settings, start } = resolveSettings(config, options);
  if (start.admin.enabled && !start.admin.token && !isLoopbackHost(start.host)) {
    throw new InputError(
      `refusing to listen on ${start.host} (not loopback) with an open admin API: set an admin token (environment variable IDP_CONFORMANCE_ADMIN_TOKEN, config admin.token) or disable the admin API (admin.enabled: false)`,
    );
  }
  const seed = configSeed(config, settings, profile, baseDir, source, options.keys ?? (config.keys === 'fresh' ? 'fresh' : undefined));
  const stateFile = options.state ? new StateFile(options.state, () => snapshotOf(ctx)) : undefined;
  const saved = stateFile ? readStateFile(stateFile.path) : undefined;
  const tls = resolveTls(options.tls, start.host, options.tlsLabels);
  const origin = new Origin(start.origin, profile.issuerPath);
  const ctx = createContext(settings, profile, start, origin, stateFile);
  ctx.accessLog = accessLogger(options.log);
  if (saved) applySnapshot(ctx, saved);
  else seed(ctx);
  seedFaults(ctx, start.faults);
  const readyCheck = ctx.keys.ready().catch((err: Error) => {
    throw new InputError(`${saved ? `state file ${stateFile!.path}` : source}: signing key: ${err.message}`);
  });
  const adminDeps: AdminDeps = {
    ctx,
    rebuild: async () => {
      ctx.clock.setOffset(start.clockOffset);
      seedFaults(ctx, start.faults);
      ctx.tokens.reset();
      seed(ctx);
      await ctx.keys.ready();
    },
  };

  // Routes depend on the issuer's path, known once listening (port 0): the table is filled then, once.
  const routes = new Map<string, Route>();
  const server = createMockServer(ctx, () => routes, tls);
  const port = listening ? await listen(server, start.host, start.port) : 0;
  origin.listening(tls ? 'https' : 'http', start.host, port);
  for (const [path, route] of buildRoutes(ctx, adminRoutes(adminDeps, start.admin))) routes.set(path, route);
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
  const admin = createAdmin(adminDeps);
  const pruner = setInterval(() => ctx.tokens.prune(), 60_000).unref();

  const idp: MockIdp = {
    issuer: origin.issuer,
    port,
    ca: tls?.ca,
    url: ctx.url,
    clock: ctx.clock,
    endpoints: endpointUrls(ctx),
    admin,
    mintToken: async (o) => (await admin.mintToken(o)).access_token,
    adminUrl: start.admin.enabled ? ctx.url(ADMIN_PREFIX) : undefined,
    consoleUrl: start.admin.enabled ? ctx.url(`${CONSOLE_PREFIX}/`) : undefined,
    adminTokenRequired: start.admin.enabled && !!start.admin.token,
    context: ctx,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruner);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return { idp, server };
}

/** The origin the mock stands in for and its issuer (origin + the profile's issuer path, AVEVA: /identity). */
class Origin {
  issuer: string;
  constructor(
    public base: string,
    private readonly issuerPath: string,
  ) {
    this.issuer = base ? this.issuerOf(base) : '';
  }
  private issuerOf(base: string): string {
    return this.issuerPath ? base.replace(/\/$/, '') + this.issuerPath : base;
  }
  /** Without a configured issuer, the origin is the address the mock listens on. */
  listening(scheme: 'http' | 'https', host: string, port: number): void {
    if (this.base) return;
    this.base = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.issuer = this.issuerOf(this.base);
  }
}

/** The stores, empty, and what every handler reads. */
function createContext(
  settings: Settings,
  profile: Profile,
  start: StartSettings,
  origin: Origin,
  stateFile: StateFile | undefined,
): MockContext {
  const clock = new MockClock(start.clockOffset);
  const keys = new KeyStore();
  const issuer = () => origin.issuer;
  const clients = new ClientStore();
  const ctx: MockContext = {
    settings,
    profile,
    clock,
    keys,
    clients,
    tokens: new TokenService(clock, keys, () => profile.tokens.issuer ?? issuer(), settings.tokens.opaqueBytes, {
      typ: profile.tokens.typ,
      clientIdClaim: profile.tokens.clientIdClaim,
      clientOfGuid: (guid) => clients.list().find((c) => applicationGuid(c.id) === guid)?.id,
    }),
    faults: new FaultEngine(() => clock.now()),
    requestLog: new RequestLog(() => clock.nowMs()),
    persist: () => (stateFile ? stateFile.persist() : Promise.resolve()),
    issuer,
    url: (path) => issuer().replace(/\/$/, '') + path,
    resourceUrl: () => origin.base.replace(/\/$/, '') + settings.paths.resource,
    defaultAudience: () => settings.resource.audience ?? ctx.resourceUrl(),
  };
  return ctx;
}

/**
 * Clients and keys as the config describes them, at the first start and on reset. Key files are read now so a
 * bad file fails the start (exit 2); RSA generation runs in the background.
 */
function configSeed(
  config: MockConfig,
  settings: Settings,
  profile: Profile,
  baseDir: string,
  source: string,
  keys: 'fresh' | undefined,
): (ctx: MockContext) => void {
  const alg = settings.tokens.alg;
  const material = keys === 'fresh' ? 'fresh' : 'shared';
  const keyFiles = (Array.isArray(config.keys) ? config.keys : [{ alg }]).map((k: { alg?: SigningAlg; kid?: string; file?: string }) => ({
    ...k,
    jwk: k.file ? readJsonFile<Record<string, unknown>>(baseDir, k.file, 'key file', source) : undefined,
  }));
  return (ctx) => {
    const now = ctx.clock.now();
    ctx.keys.load(() =>
      Promise.all(
        keyFiles.map((k) =>
          k.jwk ? importSigningKey(k.jwk, k.alg ?? alg, now, k.kid) : generateSigningKey(k.alg ?? alg, now, k.kid, material),
        ),
      ),
    );
    // Client ids are unique: loadConfig refused duplicates. No clients key: the default client (defaults.ts);
    // `clients: []` means none.
    const configured = config.clients ?? [defaultClientConfig(profile)];
    const list = configured.map((c) => clientFromConfig(c, now, baseDir, source, profile.lifecycle.roles.default));
    ctx.clients.clear();
    for (const c of list) ctx.clients.put(c);
  };
}

/** The option clients after the config's; one with the same id replaces the config's. */
function withClients(loaded: LoadedConfig, clients: ClientConfig[] | undefined): LoadedConfig {
  if (!clients?.length) return loaded;
  const ids = new Set(clients.map((c) => c.id));
  const merged = [...(loaded.config.clients ?? []).filter((c) => !ids.has(c.id)), ...clients];
  return { ...loaded, config: { ...loaded.config, clients: merged } };
}

function accessLogger(log: MockIdpOptions['log']): AccessLogger | undefined {
  if (!log) return undefined;
  const write = log === true ? (line: string) => process.stdout.write(`${line}\n`) : log;
  return (entry) => write(formatAccessLine(entry), entry);
}

function seedFaults(ctx: MockContext, faults: FaultSpec[]): void {
  ctx.faults.clear();
  for (const f of faults) ctx.faults.enable(f);
}

/** The admin API and its web console under the issuer's path, unless the config disables the admin API. */
function adminRoutes(deps: AdminDeps, admin: StartSettings['admin']): Map<string, Route> {
  if (!admin.enabled) return new Map();
  const issuerPath = new URL(deps.ctx.issuer()).pathname.replace(/\/$/, '');
  const base = issuerPath + ADMIN_PREFIX;
  return new Map([[`${base}/*`, adminRoute(deps, base, admin.token)], ...consoleRoutes(issuerPath)]);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL'
          ? new InputError(`cannot listen on ${host}:${port}: ${err.code}`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
