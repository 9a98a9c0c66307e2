// Vendor profiles are data (fixtures/profiles/*.yaml, validated by schemas/profile.schema.json): handlers
// read these values and never branch on a profile's name. A profile file lists behaviours as
// {value, evidence, source}; loadProfile() merges it over the profile it extends, switches on the named
// quirks asked for, applies the RFC-exact `strict` values when asked, and returns the plain values.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import schema from '../schemas/profile.schema.json' with { type: 'json' };
import { loadYamlFile, schemaValidator } from '../lib/yaml-file.ts';
import { InputError } from '../lib/errors.ts';
import { DEFAULTS, type AuthMethod } from './defaults.ts';
import type { ClientAuthFailure } from './errors.ts';

export interface LifecycleRules {
  /** Token lifetime rules for clients: default seconds and the bounds a client's lifetime must respect. */
  tokenLifetime: { default: number; min?: number; max?: number };
  secrets: {
    /** Most secrets a client may hold side by side. */
    max: number;
    /** Days until a new secret expires when the request names no expiry; null = never expires. */
    defaultExpiryDays: number | null;
    /** "Regenerate" replaces every previous secret at once (Oracle: the old secret is denied). */
    regenerateRevokesPrevious: boolean;
  };
  roles: {
    /** Roles every new client starts with; they cannot be removed (AVEVA "Tenant Member"). */
    default: string[];
  };
  /** Format of generated client ids: uuid, ocid (Oracle credential OCID) or hex32 (ServiceNow). */
  clientIdFormat: 'uuid' | 'ocid' | 'hex32';
  /** Retired signing keys stay in the JWKS this long after a rotation (ServiceNow: 105 days). */
  keyRetentionDays: number;
  /** Most scopes a client may hold (Oracle identity domains: 10 per OAuth 2.0 client credential). */
  maxScopesPerClient?: number;
  /** Most clients one owner may hold (Oracle identity domains: 10 OAuth 2.0 client credentials per user). */
  maxClientsPerOwner?: number;
  /** Cloud realms (config cloudRealm) where clients with an owner cannot be created (Oracle: OC1, OC4). */
  refusedRealms?: string[];
}

/** An error response override: status, body template ("{error}", "{description}", "{ecid}"), challenge. */
export interface ErrorShape {
  status?: number;
  body?: Record<string, unknown>;
  /** WWW-Authenticate on an invalid_client when the client used the Authorization header (RFC 6749 §5.2). */
  challenge?: boolean;
  /** invalid_client only: the shape applies to these failures (errors.ts ClientAuthFailure); absent = every one. */
  causes?: ClientAuthFailure[];
}

export interface Profile {
  name: string;
  title: string;
  /** RFC-exact values in force (--strict): paths and defaults kept, deviations replaced. */
  strict: boolean;
  /** Quirks switched on, by name. */
  quirks: string[];
  /** Appended to the origin to form the issuer (AVEVA: /identity). */
  issuerPath: string;
  /** Under the issuer; resource under the origin; null = no such endpoint. */
  paths: { token: string; jwks: string; introspection: string | null; revocation: string | null; resource: string };
  clientAuth: { methods: AuthMethod[] };
  /** Grants offered besides client_credentials: the password grant (RFC 6749 §4.3) where a vendor documents it. */
  grants: { password: boolean };
  tokens: {
    format: 'jwt' | 'opaque';
    opaqueBytes: number;
    /** JWT header typ; null = none. */
    typ: string | null;
    /** Extra JWT claims ("{client.id}", "{client.name}" replaced). */
    claims: Record<string, unknown>;
    /** Token iss when it differs from the issuer identifier; null = the issuer. */
    issuer: string | null;
    /** expires_in: the token's lifetime, or the seconds left (a reused token). */
    expiresIn: 'lifetime' | 'remaining';
    /** A request within the current token's lifetime gets the same token back. */
    reuse: boolean;
    /** The JWT client_id claim: the client id (RFC 9068 §2.2) or the application's GUID (Oracle). */
    clientIdClaim: 'client-id' | 'guid';
  };
  scopes: {
    /** Requested scope = audience + scope value, no separator (Oracle fqs). */
    fullyQualified: boolean;
    /** Scopes that cannot be combined with any other (invalid_scope). */
    exclusive: string[];
    /** A scope "PREFIX<seconds>" sets a shorter token lifetime (Oracle urn:opc:resource:expiry=). */
    expiryPrefix: string | null;
    expiryRange: { min: number; max: number };
  };
  /** Error response overrides by RFC 6749 error code. */
  errors: Record<string, ErrorShape>;
  metadata: { served: boolean; issuer: string | null; relativeEndpoints: boolean; introspectionKey: string };
  jwks: { requiresClientAuth: boolean };
  /** RFC 7662 §2.2 says active is a boolean; a vendor quirk may send the string "true"/"false". */
  introspection: { activeType: 'boolean' | 'string' };
  revocation: { style: 'rfc7009' | 'get-query' };
  resource: {
    scheme: string;
    /** null = the configured realm. */
    realm: string | null;
    requiredScope: string | null;
    /** Any one of these roles is needed (empty = none). */
    requiredRoles: string[];
    insufficientScopeStatus: number;
    missingRoleStatus: number;
    /** Body template of resource errors; null = {error, error_description}. */
    errorBody: Record<string, unknown> | null;
  };
  lifecycle: LifecycleRules;
  /** How the vendor documents a client calling it (not a behaviour of the mock): the embedded `run` target. */
  client: ProfileClient;
  /** The vendor console's words, for the mock's web console (<issuer>/_console). */
  console: ConsoleWords;
}

/** Labels, verbs and warnings of the vendor's console (profile `console:`); tokenFormat only where the vendor offers the choice. */
export interface ConsoleWords {
  clientNoun: string;
  clientsTitle: string;
  addClient: string;
  clientId: string;
  name: string;
  tokenLifetime: string;
  roles: string;
  fixedRole: string;
  scopes: string;
  audience: string;
  tokenFormat?: string;
  active: string;
  activate: string;
  deactivate: string;
  secretNoun: string;
  addSecret: string;
  regenerate: string;
  description: string;
  expiry: string;
  neverExpires: string;
  copy: string;
  copyWarning: string;
}

export interface ProfileClient {
  /** Client secret methods the documented client uses; undefined = both. */
  authMethods?: ('client_secret_basic' | 'client_secret_post')[];
  /** Endpoints the client is configured with instead of discovering them. */
  endpoints?: ('token' | 'jwks' | 'introspection' | 'revocation')[];
  /** Primary audience of the example instance: token aud, and the scope's prefix when scopes are fully qualified. */
  audience?: string;
  /** Scope the documented set-up grants the client and the client asks for. */
  scope?: string;
  /** Roles the documented set-up grants the client. */
  roles?: string[];
}

export type Evidence = 'RFC' | 'DOC' | 'DOC-EX' | '3P' | 'INF' | 'UNV' | 'MOCK';

/** One behaviour of a profile file as documented: the value in force and where it comes from. */
export interface BehaviourRow {
  path: string;
  value: unknown;
  /** RFC-exact value used under --strict; undefined = the behaviour does not deviate. */
  strict?: unknown;
  evidence: Evidence;
  sources: { title: string; url: string }[];
  note?: string;
  /** Set when a quirk gave the value. */
  quirk?: string;
}

export interface QuirkRow {
  name: string;
  description: string;
  evidence: Evidence;
  sources: { title: string; url: string }[];
  set: Record<string, unknown>;
  note?: string;
}

export interface ProfileDescription {
  name: string;
  title: string;
  description?: string;
  file: string;
  behaviours: BehaviourRow[];
  quirks: QuirkRow[];
}

export interface ProfileOptions {
  strict?: boolean;
  quirks?: string[];
}

interface RawBehaviour {
  value: unknown;
  strict?: unknown;
  evidence: Evidence;
  source: string | string[];
  note?: string;
  quirk?: string;
}
interface RawQuirk {
  description: string;
  evidence: Evidence;
  source: string | string[];
  note?: string;
  set: Record<string, unknown>;
}
interface RawProfile {
  name: string;
  title: string;
  description?: string;
  extends?: string;
  sources: Record<string, { title: string; url: string }>;
  behaviours: Record<string, unknown>;
  quirks?: Record<string, RawQuirk>;
  client?: ProfileClient & { source: string | string[]; note?: string };
  console?: Partial<ConsoleWords> & { source: string | string[]; note?: string };
}

const DEFAULT_PROFILE = DEFAULTS.profile;
/** Evidence strong enough for a deviation from the RFCs to be on by default. */
const DEFAULT_DEVIATION_EVIDENCE: Evidence[] = ['DOC'];

/** fixtures/profiles, from the sources (mock-idp/) or the bundle (dist/): both sit one level below the root. */
export const PROFILES_DIR = fileURLToPath(new URL('../fixtures/profiles/', import.meta.url));

export function profileFile(name: string): string {
  return `${PROFILES_DIR}${name}.yaml`;
}

/** The shipped profiles (fixtures/profiles/NAME.yaml): generic, the default, first, then the vendors by name. */
export function profileNames(): string[] {
  const names = readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
  return [...names.filter((n) => n === DEFAULT_PROFILE), ...names.filter((n) => n !== DEFAULT_PROFILE)];
}

const isBehaviour = (v: unknown): v is RawBehaviour =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v && 'evidence' in v;

/** Every behaviour leaf of a behaviours tree, by dotted path. */
function leaves(tree: Record<string, unknown>, prefix = ''): Map<string, RawBehaviour> {
  const out = new Map<string, RawBehaviour>();
  for (const [key, node] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isBehaviour(node)) out.set(path, node);
    else if (typeof node === 'object' && node !== null) for (const [p, b] of leaves(node as Record<string, unknown>, path)) out.set(p, b);
  }
  return out;
}

function toTree(flat: Map<string, unknown>): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [path, value] of flat) {
    const keys = path.split('.');
    let node = tree;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return tree;
}

interface Resolved {
  raw: RawProfile;
  file: string;
  behaviours: Map<string, RawBehaviour>;
  sources: Record<string, { title: string; url: string }>;
  quirks: Record<string, RawQuirk>;
  client: ProfileClient;
  console: Partial<ConsoleWords>;
}

/** A profile name, or the path of a profile file of one's own (it may extend a shipped profile). */
const isPath = (name: string) => name.includes('/') || name.includes('\\') || name.endsWith('.yaml') || name.endsWith('.yml');

function readProfile(name: string, seen: string[] = []): Resolved {
  if (!isPath(name) && !profileNames().includes(name)) {
    throw new InputError(`unknown profile "${name}"; valid profiles: ${profileNames().sort().join(', ')} (or the path of a profile file)`);
  }
  if (seen.includes(name)) throw new InputError(`profile "${name}" extends itself (${[...seen, name].join(' -> ')})`);
  const file = isPath(name) ? resolve(name) : profileFile(name);
  const { data, lineOf } = loadYamlFile<RawProfile>(file, schema);
  if (!isPath(name) && data.name !== name)
    throw new InputError(`${file}:${lineOf(['name']) ?? 1}: name: must be "${name}" (the file name)`);
  const parent = data.extends ? readProfile(data.extends, [...seen, name]) : undefined;
  const sources = { ...parent?.sources, ...data.sources };
  const quirks = { ...parent?.quirks, ...data.quirks };
  const own = leaves(data.behaviours);
  const behaviours = new Map([...(parent?.behaviours ?? []), ...own]);
  // Every cited source exists; a deviation on by default needs [DOC] evidence (issue #3).
  const cite = (source: string | string[], at: (string | number)[]) => {
    for (const s of [source].flat()) {
      if (!sources[s]) throw new InputError(`${file}:${lineOf(at) ?? 1}: ${at.join('.')}: unknown source "${s}"`);
    }
  };
  for (const [path, b] of own) {
    const at = ['behaviours', ...path.split('.')];
    cite(b.source, at);
    if (b.strict !== undefined && !DEFAULT_DEVIATION_EVIDENCE.includes(b.evidence)) {
      throw new InputError(
        `${file}:${lineOf(at) ?? 1}: ${at.join('.')}: a deviation on by default needs [DOC] evidence (is ${b.evidence}); make it a quirk`,
      );
    }
  }
  for (const [qname, q] of Object.entries(data.quirks ?? {})) {
    cite(q.source, ['quirks', qname]);
    for (const path of Object.keys(q.set)) {
      if (!behaviours.has(path))
        throw new InputError(`${file}:${lineOf(['quirks', qname, 'set', path]) ?? 1}: quirks.${qname}.set: unknown behaviour "${path}"`);
    }
  }
  if (!parent) {
    // The base profile must define every behaviour the Profile type has.
    const missing = REQUIRED_BEHAVIOURS.filter((p) => !behaviours.has(p));
    if (missing.length)
      throw new InputError(`${file}:1: behaviours: missing ${missing.join(', ')} (a profile without "extends" defines every behaviour)`);
  }
  // The documented client: the profile's own, else the one it extends (the sources cited are checked).
  let client: ProfileClient = parent?.client ?? {};
  if (data.client) {
    const { source, note: _note, ...own } = data.client;
    cite(source, ['client', 'source']);
    client = own;
  }
  // The console's words: each one the profile does not give comes from the one it extends.
  let words: Partial<ConsoleWords> = parent?.console ?? {};
  if (data.console) {
    const { source, note: _note, ...own } = data.console;
    cite(source, ['console', 'source']);
    words = { ...words, ...own };
  }
  if (!parent) {
    const missing = CONSOLE_WORDS.filter((k) => words[k] === undefined);
    if (missing.length)
      throw new InputError(`${file}:1: console: missing ${missing.join(', ')} (the base profile gives every console word)`);
  }
  return { raw: data, file, behaviours, sources, quirks, client, console: words };
}

/** Console words the base profile must give (tokenFormat is optional: only a vendor with the choice names it). */
const CONSOLE_WORDS = [
  ...['clientNoun', 'clientsTitle', 'addClient', 'clientId', 'name', 'tokenLifetime', 'roles', 'fixedRole', 'scopes', 'audience'],
  ...['active', 'activate', 'deactivate', 'secretNoun', 'addSecret', 'regenerate', 'description', 'expiry', 'neverExpires', 'copy'],
  'copyWarning',
] as const;

const REQUIRED_BEHAVIOURS = [
  'issuerPath',
  ...['token', 'jwks', 'introspection', 'revocation', 'resource'].map((k) => `paths.${k}`),
  'clientAuth.methods',
  'grants.password',
  ...['format', 'opaqueBytes', 'typ', 'claims', 'issuer', 'expiresIn', 'reuse', 'clientIdClaim'].map((k) => `tokens.${k}`),
  ...['fullyQualified', 'exclusive', 'expiryPrefix', 'expiryRange'].map((k) => `scopes.${k}`),
  ...['served', 'issuer', 'relativeEndpoints', 'introspectionKey'].map((k) => `metadata.${k}`),
  'jwks.requiresClientAuth',
  'introspection.activeType',
  'revocation.style',
  ...['scheme', 'realm', 'requiredScope', 'requiredRoles', 'insufficientScopeStatus', 'missingRoleStatus', 'errorBody'].map(
    (k) => `resource.${k}`,
  ),
  ...['tokenLifetime', 'secrets', 'roles', 'clientIdFormat', 'keyRetentionDays'].map((k) => `lifecycle.${k}`),
];

/** The behaviours in force for a profile with options, each with its evidence. */
function behavioursInForce(r: Resolved, options: ProfileOptions): Map<string, RawBehaviour> {
  const quirks = options.quirks ?? [];
  const unknown = quirks.filter((q) => !r.quirks[q]);
  if (unknown.length) {
    const names = Object.keys(r.quirks).sort();
    throw new InputError(
      `profile ${r.raw.name}: unknown quirk${unknown.length > 1 ? 's' : ''} ${unknown.map((q) => `"${q}"`).join(', ')}; ${names.length ? `valid quirks: ${names.join(', ')}` : 'this profile has no quirks'}`,
    );
  }
  if (options.strict && quirks.length) {
    throw new InputError(
      `profile ${r.raw.name}: --strict makes the profile RFC-exact, so it cannot be combined with quirks (${quirks.join(', ')})`,
    );
  }
  const out = new Map(r.behaviours);
  for (const name of quirks) {
    const q = r.quirks[name]!;
    for (const [path, value] of Object.entries(q.set))
      out.set(path, { value, evidence: q.evidence, source: q.source, note: q.description, quirk: name });
  }
  if (options.strict) {
    for (const [path, b] of out)
      if (b.strict !== undefined) out.set(path, { ...b, value: b.strict, note: `strict (RFC-exact); ${b.note ?? ''}`.replace(/; $/, '') });
  }
  if (quirks.length) {
    // Quirk values are checked against the same schema as the file's own.
    const validate = schemaValidator(schema);
    const doc = {
      name: r.raw.name,
      title: r.raw.title,
      sources: r.sources,
      behaviours: toTree(new Map([...out].map(([p, b]) => [p, { value: b.value, evidence: b.evidence, source: b.source }]))),
    };
    if (!validate(doc)) {
      const e = validate.errors?.find((x) => x.instancePath.endsWith('/value')) ?? validate.errors?.[0];
      const path = (e?.instancePath ?? '').split('/').slice(2, -1).join('.');
      const quirk = out.get(path)?.quirk ?? quirks.join(', ');
      throw new InputError(`${r.file}: quirk ${quirk}: ${path || '(root)'}: ${e?.message ?? 'invalid value'}`);
    }
  }
  return out;
}

function dropNull<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as T;
}

/**
 * Load a profile by name (fixtures/profiles/NAME.yaml): validated, merged over what it extends, with the
 * named quirks on, or RFC-exact values under strict. Throws InputError (exit 2) on a bad name, quirk or file.
 */
export function loadProfile(name: string, options: ProfileOptions = {}): Profile {
  const r = readProfile(name);
  const inForce = behavioursInForce(r, options);
  const v = toTree(new Map([...inForce].map(([p, b]) => [p, b.value]))) as Omit<Profile, 'name' | 'title' | 'strict' | 'quirks'> & {
    lifecycle: LifecycleRules & { maxScopesPerClient?: number | null; maxClientsPerOwner?: number | null };
  };
  return {
    ...v,
    name: r.raw.name,
    title: r.raw.title,
    strict: options.strict ?? false,
    quirks: [...(options.quirks ?? [])],
    lifecycle: dropNull<LifecycleRules>(v.lifecycle),
    client: r.client,
    console: r.console as ConsoleWords,
  };
}

/** A profile as documented (README "Vendor profile reference"): every behaviour in force by default and every quirk. */
export function describeProfile(name: string): ProfileDescription {
  const r = readProfile(name);
  const sourcesOf = (s: string | string[]) => [s].flat().map((k) => r.sources[k]!);
  return {
    name: r.raw.name,
    title: r.raw.title,
    description: r.raw.description,
    file: `fixtures/profiles/${name}.yaml`,
    behaviours: [...r.behaviours].map(([path, b]) => ({
      path,
      value: b.value,
      strict: b.strict,
      evidence: b.evidence,
      sources: sourcesOf(b.source),
      note: b.note,
    })),
    quirks: Object.entries(r.quirks)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([qname, q]) => ({
        name: qname,
        description: q.description,
        evidence: q.evidence,
        sources: sourcesOf(q.source),
        set: q.set,
        note: q.note,
      })),
  };
}

/**
 * Oracle: user-level "OAuth 2.0 client credentials" are not available in some realms (OC1, OC4). The admin
 * API calls this before creating a client with an owner; undefined = allowed, else the reason to show.
 */
export function userCredentialRefusal(profile: Profile, cloudRealm: string | undefined): string | undefined {
  const refused = profile.lifecycle.refusedRealms ?? [];
  if (cloudRealm === undefined || !refused.some((r) => r.toUpperCase() === cloudRealm.toUpperCase())) return undefined;
  return `OAuth 2.0 client credentials are not available in realm ${cloudRealm} (profile ${profile.name} refuses them in ${refused.join(', ')})`;
}
