// One source for the settings every handler reads. Later layers win: the mock's own defaults (defaults.ts),
// then the vendor profile's behaviours (fixtures/profiles/; generic.yaml holds the RFC-exact defaults), then
// the config file, then the options of startMockIdp (the CLI flags). Nothing else merges them.
import type { MockConfig } from './config.ts';
import { DEFAULTS, type SigningAlg } from './defaults.ts';
import type { FaultSpec } from './faults/engine.ts';
import { loadProfile, type Profile } from './profile.ts';

export type Limits = typeof DEFAULTS.limits;

/** What the handlers read (ctx.settings). */
export interface Settings {
  realm: string;
  tokens: { format: 'jwt' | 'opaque'; alg: SigningAlg; lifetime: number; opaqueBytes: number };
  privateKeyJwt: { maxLifetime: number; clockTolerance: number };
  limits: Limits;
  /** The sample resource: required scope (null = none), accepted audience, challenge realm. */
  resource: { requiredScope: string | null; audience?: string; realm: string };
  /** From the profile: token, JWKS, introspection and revocation under the issuer (null = none). */
  paths: Profile['paths'];
  /** Vendor cloud realm (config cloudRealm, e.g. OC1): profiles refuse user-level credentials in some. */
  cloudRealm?: string;
}

/** What starting the mock needs besides: where to listen, the admin API, what a start (and a reset) restores. */
export interface StartSettings {
  host: string;
  port: number;
  /** The origin the mock stands in for; '' = http://host:port, known once listening. */
  origin: string;
  admin: { enabled: boolean; token: string | undefined };
  clockOffset: number;
  /** Faults switched on at start and on reset: the config's, then the options'. */
  faults: FaultSpec[];
}

/** The startMockIdp options (CLI flags) that override the config. */
export interface SettingsOptions {
  host?: string;
  port?: number;
  issuer?: string;
  clockOffset?: number;
  profile?: string;
  strict?: boolean;
  quirks?: string[];
  adminToken?: string;
  faults?: FaultSpec[];
  limits?: Partial<Limits>;
}

export interface ResolvedSettings {
  profile: Profile;
  settings: Settings;
  start: StartSettings;
}

export function resolveSettings(config: MockConfig, options: SettingsOptions = {}): ResolvedSettings {
  const profile = loadProfile(options.profile ?? config.profile ?? DEFAULTS.profile, {
    strict: options.strict ?? config.strict,
    quirks: options.quirks ?? config.quirks,
  });
  const settings: Settings = {
    realm: config.realm ?? DEFAULTS.realm,
    tokens: {
      format: config.tokens?.format ?? profile.tokens.format,
      alg: config.tokens?.alg ?? DEFAULTS.tokens.alg,
      lifetime: config.tokens?.lifetime ?? profile.lifecycle.tokenLifetime.default,
      opaqueBytes: profile.tokens.opaqueBytes,
    },
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
  const start: StartSettings = {
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    origin: options.issuer ?? config.issuer ?? '',
    admin: {
      enabled: config.admin?.enabled !== false,
      token: (options.adminToken ?? process.env.IDP_CONFORMANCE_ADMIN_TOKEN ?? config.admin?.token) || undefined,
    },
    clockOffset: options.clockOffset ?? config.clock?.offset ?? 0,
    faults: [...(config.faults ?? []), ...(options.faults ?? [])],
  };
  return { profile, settings, start };
}
