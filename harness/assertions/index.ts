// One interface for every assertion kind (style.md: one module per kind, like panva/jose's folders).
import type { JSONWebKeySet } from 'jose';
import type { Evidence } from '../../src/report/model.ts';
import type { HttpResponse } from '../http.ts';
import type { Vars } from '../template.ts';
import type { Assertion, ResolvedTarget } from '../types.ts';
import { entropy, unique } from './uniqueness.ts';
import { header } from './header.ts';
import { json } from './json.ts';
import { jsonSchema } from './json-schema.ts';
import { jwks } from './jwks.ts';
import { jwt } from './jwt.ts';
import { oauthError } from './oauth-error.ts';
import { status } from './status.ts';
import { value } from './value.ts';

export interface AssertionContext {
  /** The response the check looks at (the last of a repeated request). */
  response: HttpResponse;
  /** Every response of that request when it was repeated. */
  responses: HttpResponse[];
  target: ResolvedTarget;
  vars: Vars;
  suiteDir: string;
  /** The target's JWK Set, fetched once per worker. */
  jwks(): Promise<JSONWebKeySet>;
}

export interface AssertionOutcome {
  ok: boolean;
  message: string;
  evidence?: Pick<Evidence, 'headers' | 'body'>;
}

export interface AssertionKind<K extends keyof Assertion> {
  evaluate(spec: NonNullable<Assertion[K]>, ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>;
}

const KINDS: { [K in keyof Assertion]-?: AssertionKind<K> } = { status, header, json, jsonSchema, jwt, jwks, oauthError, unique, entropy, value };

export async function evaluate(assertion: Assertion, ctx: AssertionContext): Promise<AssertionOutcome> {
  const [kind, spec] = Object.entries(assertion)[0] as [keyof Assertion, never];
  return KINDS[kind].evaluate(spec, ctx);
}
