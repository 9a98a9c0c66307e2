// Library API of the mock IdP: startMockIdp(options) → { issuer, url(path), close(), clock }.
import type { AddressInfo } from 'node:net';
import { InputError } from '../src/errors.ts';
import { MockClock } from './clock.ts';
import { ClientStore, clientFromConfig } from './clients.ts';
import { loadConfig, readJsonFile, tokenDefaults, type MockConfig } from './config.ts';
import type { MockContext, Settings } from './context.ts';
import { DEFAULTS } from './defaults.ts';
import { generateSigningKey, importSigningKey, KeyStore } from './keys.ts';
import { GENERIC_PROFILE } from './profile.ts';
import { buildRoutes, createMockServer } from './server.ts';
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
  /** Overrides of the hostile-input limits (body size, timeouts), e.g. short timeouts in tests. */
  limits?: Partial<Settings['limits']>;
}

export interface MockIdp {
  issuer: string;
  port: number;
  url(path: string): string;
  clock: MockClock;
  close(): Promise<void>;
  /** Internals for tests and the admin API; not a stable API. */
  context: MockContext;
}

export type { MockConfig } from './config.ts';
export { MockClock } from './clock.ts';

export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const { config, baseDir, source } = loadConfig(options.config);
  const clock = new MockClock(options.clockOffset ?? config.clock?.offset ?? 0);
  const tokens = tokenDefaults(config);
  const settings: Settings = {
    realm: config.realm ?? DEFAULTS.realm,
    tokens: { ...tokens, opaqueBytes: DEFAULTS.tokens.opaqueBytes },
    privateKeyJwt: { ...DEFAULTS.privateKeyJwt },
    limits: { ...DEFAULTS.limits, ...options.limits },
    resource: { requiredScope: config.resource?.requiredScope ?? DEFAULTS.resource.requiredScope, audience: config.resource?.audience },
    paths: { ...DEFAULTS.paths },
  };

  const keys = new KeyStore();
  const now = clock.now();
  // Key files are read now so a bad file fails the start (exit 2); RSA generation runs in the background.
  const keyFiles = (config.keys ?? [{ alg: tokens.alg }]).map((k) => ({
    ...k,
    jwk: k.file ? readJsonFile<Record<string, unknown>>(baseDir, k.file, 'key file', source) : undefined,
  }));
  keys.load(() =>
    Promise.all(keyFiles.map((k) => (k.jwk ? importSigningKey(k.jwk, k.alg ?? tokens.alg, now, k.kid) : generateSigningKey(k.alg ?? tokens.alg, now, k.kid)))),
  );
  const readyCheck = keys.ready().catch((err: Error) => {
    throw new InputError(`${source}: signing key: ${err.message}`);
  });

  const ids = new Set<string>();
  const clients = new ClientStore(
    (config.clients ?? []).map((c) => {
      if (ids.has(c.id)) throw new InputError(`${source}: clients: duplicate client id "${c.id}"`);
      ids.add(c.id);
      return clientFromConfig(c, now, baseDir, source);
    }),
  );

  let issuer = options.issuer ?? config.issuer ?? '';
  const ctx: MockContext = {
    settings,
    profile: GENERIC_PROFILE,
    clock,
    keys,
    clients,
    tokens: undefined as unknown as TokenService,
    issuer: () => issuer,
    url: (path) => issuer.replace(/\/$/, '') + path,
    defaultAudience: () => settings.resource.audience ?? ctx.url(settings.paths.resource),
  };
  ctx.tokens = new TokenService(clock, keys, ctx.issuer, settings.tokens.opaqueBytes);

  let routes: ReturnType<typeof buildRoutes> | undefined;
  const server = createMockServer(ctx, () => (routes ??= buildRoutes(ctx)));
  const host = options.host ?? DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' ? new InputError(`cannot listen on ${host}:${options.port ?? 0}: ${err.code}`) : err),
    );
    server.listen(options.port ?? DEFAULTS.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  if (!issuer) issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  routes = buildRoutes(ctx);
  try {
    await readyCheck;
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
    context: ctx,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruner);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
