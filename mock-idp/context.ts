// What every handler receives: the settings (settings.ts: defaults + profile + config + options) and the stores.
import type { AccessLogger } from './access-log.ts';
import type { MockClock } from './clock.ts';
import type { ClientStore } from './clients.ts';
import type { FaultEngine } from './faults/engine.ts';
import type { KeyStore } from './keys.ts';
import type { Profile } from './profile.ts';
import type { RequestLog } from './request-log.ts';
import type { Settings } from './settings.ts';
import type { TokenService } from './tokens.ts';

export type { Settings } from './settings.ts';

export interface MockContext {
  settings: Settings;
  /** The vendor profile in force (generic by default): data the handlers read. */
  profile: Profile;
  clock: MockClock;
  keys: KeyStore;
  clients: ClientStore;
  tokens: TokenService;
  /** Faults switched on (config faults:, /_admin/faults): each breaks one behaviour on purpose. */
  faults: FaultEngine;
  /** One console line per HTTP request (access-log.ts), when asked for (CLI without --quiet, option log). */
  accessLog?: AccessLogger;
  /** Token requests per client and outcome (admin API /_admin/token-requests). */
  requestLog: RequestLog;
  /** Resolves once every state change made so far is durable (--state); at once without a state file. */
  persist(): Promise<void>;
  /** Issuer identifier, known once the listener is bound (port 0). */
  issuer(): string;
  /** Absolute URL of a path under the issuer. */
  url: (path: string) => string;
  /** Absolute URL of the sample resource: under the origin, not the profile's issuer path. */
  resourceUrl(): string;
  /** Default token audience: the configured resource audience or the sample resource's URL. */
  defaultAudience(): string;
}
