// What every handler receives: the settings (defaults + config + profile) and the stores.
import type { MockClock } from './clock.ts';
import type { ClientStore } from './clients.ts';
import { DEFAULTS, type SigningAlg } from './defaults.ts';
import type { KeyStore } from './keys.ts';
import type { Profile } from './profile.ts';
import type { TokenService } from './tokens.ts';

export interface Settings {
  realm: string;
  tokens: { format: 'jwt' | 'opaque'; alg: SigningAlg; lifetime: number; opaqueBytes: number };
  privateKeyJwt: { maxLifetime: number; clockTolerance: number };
  limits: typeof DEFAULTS.limits;
  resource: { requiredScope: string; audience?: string };
  paths: typeof DEFAULTS.paths;
}

export interface MockContext {
  settings: Settings;
  /** The vendor profile in force (generic by default): data the handlers read. */
  profile: Profile;
  clock: MockClock;
  keys: KeyStore;
  clients: ClientStore;
  tokens: TokenService;
  /** Issuer identifier, known once the listener is bound (port 0). */
  issuer(): string;
  /** Absolute URL of a path under the issuer. */
  url(path: string): string;
  /** Default token audience: the configured resource audience or the sample resource's URL. */
  defaultAudience(): string;
}
