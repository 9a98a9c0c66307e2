// What a fault is: a name, the requirement it breaks, the endpoints it fires on, and a few hooks. The hooks are
// called from one line each in the mock (respond.ts, tokens.ts, client-auth.ts, server.ts …), never from a
// fault-name check in a handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { profileNames } from '../profile.ts';

export interface ResponseDraft {
  status: number;
  headers: Record<string, string | number>;
  /** A JSON value, a string (already serialised), or undefined for an empty body. */
  body: unknown;
}

export interface TokenDraft {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface FaultParams {
  delayMs?: number;
  retryAfter?: number;
}

/** The checks jose applies to a private_key_jwt client assertion (RFC 7523 §3); a fault may loosen one. */
export interface AssertionChecks {
  audience?: string[];
  issuer?: string;
  requiredClaims: string[];
  clockTolerance: number;
}

export interface FaultHooks {
  /**
   * Runs first in the handler's error scope: may change the request in place, return a replacement (a
   * re-read body, see request.ts), or throw an OAuthError that is answered like any other.
   */
  request?(req: IncomingMessage, url: URL): Promise<IncomingMessage | void> | IncomingMessage | void;
  /** Change a response written through http/respond.ts. */
  response?(r: ResponseDraft): void;
  /** Change a JWT access token's header or claims before it is signed. */
  jwt?(t: TokenDraft): void;
  /** Sign the access token with no signature (alg none), a key the JWKS does not have, or a shared secret. */
  signing?: 'none' | 'foreign-key' | 'hs256';
  /** Issue access tokens in this format whatever the client or profile says. */
  tokenFormat?: 'jwt' | 'opaque';
  /** Change the published JWK Set; privateJwks are the signing keys' private JWKs. */
  jwks?(set: { keys: JWK[] }, privateJwks: JWK[]): void;
  /** Change a metadata document; `path` tells the RFC 8414 and OpenID Connect locations apart. */
  metadata?(doc: Record<string, unknown>, path: string): void;
  /** Loosen the verification of private_key_jwt client assertions. */
  assertion?(checks: AssertionChecks): void;
  /** Client authentication methods refused even for a client registered for them. */
  refuseAuthMethods?: string[];
  acceptWrongSecret?: boolean;
  /** Basic credentials compared without form-urldecoding them (RFC 6749 §2.3.1 broken). */
  basicNoUrlDecode?: boolean;
  /** A request without client authentication is served as the client it names, else the first client. */
  anonymousClient?: boolean;
  /** The scope requested is granted as asked, whatever the client is allowed. */
  grantRequestedScope?: boolean;
  /** Every scope the client may have is granted, whatever was requested, and the response does not say so. */
  widenScopeSilently?: boolean;
  ignoreRevocation?: boolean;
  /** Revoking a token the server does not know answers 400 instead of 200. */
  refuseUnknownToken?: boolean;
  /** Revocation also revokes tokens of other clients. */
  revokeAnyClient?: boolean;
  serverErrorOnBadRequest?: boolean;
  /** Operational faults run before the handler; 'handled' means the fault answered (or broke) the request. */
  operational?(req: IncomingMessage, res: ServerResponse): Promise<'handled' | 'continue'>;
}

export type FaultFlag = {
  [K in keyof FaultHooks]-?: NonNullable<FaultHooks[K]> extends boolean ? K : never;
}[keyof FaultHooks];

export interface FaultDefinition {
  name: string;
  description: string;
  /** Requirement ids the broken behaviour violates (docs/faults.md); the checks are in the mutation report. */
  breaks: string[];
  /** Endpoints it applies to unless the configuration names others. */
  endpoints: string[];
  kind: 'conformance' | 'operational';
  /** Vendor profiles the fault is run in by the mutation report (a documented vendor behaviour); default generic. */
  profiles?: string[];
  /**
   * The fault keeps state across requests (a hooks factory, e.g. "repeat the first token issued"), so what it
   * breaks depends on the order of requests: mutation runs play the cases one at a time for repeatable kills.
   */
  stateful?: boolean;
  hooks(params: FaultParams): FaultHooks;
}

export const OAUTH_ENDPOINTS = ['token', 'introspection', 'revocation'];
/** Every shipped profile (fixtures/profiles/). */
export const ALL_PROFILES = profileNames();

/** A conformance fault: fixed hooks, or a factory when the fault keeps state (e.g. the first token issued). */
export function conformance(
  name: string,
  description: string,
  breaks: string[],
  endpoints: string[],
  hooks: FaultHooks | (() => FaultHooks),
  profiles?: string[],
): FaultDefinition {
  const stateful = typeof hooks === 'function';
  return {
    name,
    description,
    breaks,
    endpoints,
    kind: 'conformance',
    ...(profiles ? { profiles } : {}),
    ...(stateful ? { stateful } : {}),
    hooks: stateful ? hooks : () => hooks,
  };
}

export const isTokenSuccess = (r: ResponseDraft) =>
  r.status === 200 && typeof r.body === 'object' && r.body !== null && 'access_token' in r.body;
export const isError = (r: ResponseDraft) => r.status >= 400 && typeof r.body === 'object' && r.body !== null && 'error' in r.body;
export const isJsonObject = (r: ResponseDraft) => typeof r.body === 'object' && r.body !== null && !Array.isArray(r.body);
export const body = (r: ResponseDraft) => r.body as Record<string, unknown>;
export const deleteHeader = (r: ResponseDraft, name: string) => {
  for (const k of Object.keys(r.headers)) if (k.toLowerCase() === name.toLowerCase()) delete r.headers[k];
};
export const setHeader = (r: ResponseDraft, name: string, value: string) => {
  deleteHeader(r, name);
  r.headers[name] = value;
};
export const getHeader = (r: ResponseDraft, name: string): string | undefined => {
  const k = Object.keys(r.headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : String(r.headers[k]);
};
