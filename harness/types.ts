// The suite and target shapes, as validated by schemas/suite.schema.json and schemas/target.schema.json.
import type { Level } from '../src/report/model.ts';
import type { Matcher } from './matchers.ts';

export type Capability =
  | 'token'
  | 'discovery'
  | 'jwks'
  | 'jwt'
  | 'opaque'
  | 'introspection'
  | 'revocation'
  | 'resource'
  | 'secondClient'
  | 'noGrantClient'
  | 'privateKey'
  | 'disallowedScope'
  | 'clientSecretBasic'
  | 'clientSecretPost'
  | 'https'
  | 'insufficientScope';

export type AuthChoice = 'default' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
export type ClientRole = 'primary' | 'second' | 'noGrant' | 'privateKey';

export type Mutation =
  | 'wrong-secret'
  | 'unknown-client'
  | 'no-credentials'
  | 'public-client'
  | 'two-auth-methods'
  | 'basic-raw'
  | 'get'
  | 'put'
  | 'json-body'
  | 'credentials-in-query'
  | 'malformed-encoding'
  | { repeatParam: string }
  | {
      assertion:
        | 'expired'
        | 'tampered'
        | 'wrong-aud'
        | 'wrong-iss'
        | 'wrong-sub'
        | 'alg-none'
        | 'missing-exp'
        | 'wrong-type'
        | 'two-assertions'
        | 'aud-issuer';
    };

export interface RequestSpec {
  name?: string;
  kind: 'token' | 'discovery' | 'jwks' | 'introspect' | 'revoke' | 'resource' | 'raw';
  repeat?: number;
  client?: ClientRole;
  auth?: AuthChoice;
  /** Form parameters; null removes a default (grant_type, scope). */
  params?: Record<string, string | null>;
  mutate?: Mutation[];
  document?: 'rfc8414' | 'oidc';
  token?: string;
  tokenIn?: 'header' | 'query' | 'both' | 'none';
  scheme?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: string;
  capture?: Record<string, string | { path: string; jwtClaim?: string }>;
}

export interface Assertion {
  status?: number | { in?: number[]; notIn?: number[]; min?: number; max?: number };
  header?: Matcher & { name: string; containsToken?: string; scheme?: string; params?: Record<string, Matcher>; uniqueParams?: boolean };
  /** orNotJson: a body that is not JSON passes too (it holds no member at all). */
  json?: Matcher & { path: string; orNotJson?: boolean };
  jsonSchema?: { $ref?: string; schema?: object; path?: string; orNotJson?: boolean };
  jwt?: {
    path?: string;
    value?: string;
    verify?: boolean;
    header?: Record<string, Matcher>;
    claims?: Record<string, Matcher>;
    required?: string[];
    numericDates?: string[];
    lifetimeMatchesExpiresIn?: number;
    iatWithin?: number;
  };
  jwks?: { rule: 'set-shape' | 'no-private-material' | 'kid-unique' | 'kid-present' | 'use-key-ops' | 'x5c-matches' | 'rsa-key-size' };
  oauthError?: { code: string | string[] };
  unique?: { path: string; jwtClaim?: string; min?: number };
  entropy?: { path: string; minBits: number };
  value?: Matcher & { of: unknown };
  /** RFC 6749 §3.3, §5.1: a granted scope that differs from the request is echoed; `introspection` names a request. */
  scopeEcho?: { introspection?: string };
}

export interface CheckSpec {
  id: string;
  title: string;
  requirements: string[];
  level: Level;
  on?: string;
  requires?: Capability[];
  when?: Assertion;
  assert: Assertion;
}

export interface CaseSpec {
  id: string;
  title: string;
  requires?: Capability[];
  requests: RequestSpec[];
  checks: CheckSpec[];
}

export interface SuiteSpec {
  $schema?: string;
  id: string;
  title: string;
  description?: string;
  profile?: string;
  cases: CaseSpec[];
}

/** A suite with where each check lives, for SARIF locations and error messages. */
export interface LoadedSuite {
  spec: SuiteSpec;
  file: string;
  /** Repository-relative path. */
  relFile: string;
  caseLine: Map<string, number>;
  checkLine: Map<string, number>;
}

export interface ClientRef {
  id: string;
  /** `${env:NAME}` reference; resolved only in the process that sends requests. */
  secret?: string;
}

export interface TargetSpec {
  $schema?: string;
  name?: string;
  profile?: string;
  issuer?: string;
  discovery?: string;
  endpoints?: { token?: string; jwks?: string; introspection?: string; revocation?: string };
  /** RFC 6750 protected resource: the URL, the scope it requires, and a scope that does not grant access. */
  resource?: { url: string; scope?: string; insufficientScope?: string };
  client: ClientRef & { authMethod?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt'; authMethods?: string[] };
  secondClient?: ClientRef & { disallowedScope?: string };
  noGrantClient?: ClientRef;
  privateKeyJwt?: { clientId: string; privateKey: string; alg?: string; kid?: string; audience?: 'token_endpoint' | 'issuer' };
  scope?: string;
  unknownScope?: string;
  expect?: { tokenLifetime?: number; maxTokenLifetime?: number; accessTokenFormat?: 'jwt' | 'opaque' | 'auto' };
  limits?: { timeoutMs?: number; maxResponseBytes?: number; ratePerSecond?: number };
  /** Loopback targets (the embedded mock) may be plain http; TLS checks are then skipped. */
  allowHttp?: boolean;
}

/** The target after discovery, as handed to the Playwright workers. Secrets stay references. */
export interface ResolvedTarget extends TargetSpec {
  name: string;
  profile: string;
  /** Directory the target file lives in (for ${file:...} references). */
  baseDir: string;
  /** token is absent only when the metadata lacks token_endpoint (then the target has no `token` capability). */
  endpoints: { token?: string; jwks?: string; introspection?: string; revocation?: string; resource?: string };
  discoveryUrls: { rfc8414?: string; oidc?: string };
  metadata?: Record<string, unknown>;
  capabilities: Capability[];
}

export interface Plan {
  target: ResolvedTarget;
  suites: string[];
  repoRoot: string;
  reportDir: string;
}
