// Mock configuration: a YAML file (or an object) validated against schemas/mock-config.schema.json; its
// values are merged with the defaults and the profile in one place, settings.ts.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import schema from '../schemas/mock-config.schema.json' with { type: 'json' };
import { loadYamlFile, schemaValidator } from '../lib/yaml-file.ts';
import { InputError } from '../lib/errors.ts';
import type { FaultSpec } from './faults/engine.ts';
import type { AuthMethod, SigningAlg } from './defaults.ts';

/** A client secret in the config: the value or its hash, with optional metadata. */
export interface SecretConfig {
  id?: string;
  value?: string;
  hash?: string;
  description?: string;
  /** RFC 3339 date-time after which the secret is refused, or a duration from the start (`1h`, `P1Y`); absent or null = never. */
  expiresAt?: string | null;
}

export interface ClientConfig {
  id: string;
  name?: string;
  owner?: string;
  secret?: string;
  secretHash?: string;
  secrets?: SecretConfig[];
  authMethods?: AuthMethod[];
  jwks?: { keys: object[] };
  jwksFile?: string;
  scopes?: string[];
  defaultScopes?: string[];
  audience?: string | string[];
  claims?: Record<string, unknown>;
  roles?: string[];
  grants?: string[];
  enabled?: boolean;
  tokenFormat?: 'jwt' | 'opaque';
  tokenLifetime?: number;
}

export interface MockConfig {
  /** Several issuers in one process, each under a path prefix with its own config (mock-idp/tenants.ts). */
  tenants?: { path: string; config: string | MockConfig }[];
  issuer?: string;
  profile?: string;
  strict?: boolean;
  quirks?: string[];
  /** Faults switched on at start (mock-idp/faults/catalogue.ts). */
  faults?: FaultSpec[];
  realm?: string;
  tokens?: { format?: 'jwt' | 'opaque'; alg?: SigningAlg; lifetime?: number };
  /** Key list, or 'fresh': a new key at every start instead of the per-user cached one (key-cache.ts). */
  keys?: 'fresh' | { alg?: SigningAlg; kid?: string; file?: string }[];
  clock?: { offset?: number };
  resource?: { requiredScope?: string; audience?: string };
  clients?: ClientConfig[];
  /** Vendor cloud realm the mock stands in for (e.g. OC1); profiles may refuse some operations in some realms. */
  cloudRealm?: string;
  admin?: {
    /** Bearer token the admin API requires (prefer the IDP_CONFORMANCE_ADMIN_TOKEN environment variable). */
    token?: string;
    /** false = no admin API at all (then the mock may listen beyond loopback without a token). */
    enabled?: boolean;
  };
}

/** Where relative file references in the config resolve from. */
export interface LoadedConfig {
  config: MockConfig;
  baseDir: string;
  source: string;
}

export function loadConfig(input: string | MockConfig | undefined): LoadedConfig {
  if (input === undefined) return { config: {}, baseDir: process.cwd(), source: '(defaults)' };
  if (typeof input === 'string') {
    const file = resolve(input);
    const { data, lineOf } = loadYamlFile<MockConfig>(file, schema);
    rejectDuplicateClients(data, (i) => `${input}:${lineOf(['clients', i, 'id']) ?? 1}`);
    return { config: data, baseDir: dirname(file), source: input };
  }
  const validate = schemaValidator(schema);
  if (!validate(input)) {
    const e = validate.errors?.[0];
    throw new InputError(`mock config: ${e?.instancePath || '(root)'}: ${e?.message ?? 'invalid'}`);
  }
  rejectDuplicateClients(input, () => 'mock config');
  return { config: input, baseDir: process.cwd(), source: '(object)' };
}

/** Client ids are keys: a second client with the same id is refused at its place (exit 2). */
function rejectDuplicateClients(config: MockConfig, where: (index: number) => string): void {
  const seen = new Set<string>();
  (config.clients ?? []).forEach((c, i) => {
    if (seen.has(c.id)) throw new InputError(`${where(i)}: clients[${i}].id: duplicate client id "${c.id}"`);
    seen.add(c.id);
  });
}

export function readJsonFile<T>(baseDir: string, file: string, what: string, source: string): T {
  const path = resolve(baseDir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new InputError(`${source}: ${what} "${file}": ${(err as Error).message}`);
  }
}
