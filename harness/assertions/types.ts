// The one small interface every assertion kind implements (style.md: one module per kind, like panva/jose's
// folders), and what a kind is given and returns.
import type { JSONWebKeySet } from 'jose';
import type { Evidence } from '../../src/report/model.ts';
import type { HttpRequest, HttpResponse } from '../http.ts';
import type { Vars } from '../template.ts';
import type { Assertion, ResolvedTarget } from '../types.ts';

export interface AssertionContext {
  /** The response the check looks at (the last of a repeated request). */
  response: HttpResponse;
  /** Every response of that request when it was repeated. */
  responses: HttpResponse[];
  /** The request that got `response` (its form parameters, e.g. the scope asked for). */
  request: HttpRequest;
  /** The last response of another request of the case, by name. */
  responseOf(name: string): HttpResponse | undefined;
  target: ResolvedTarget;
  vars: Vars;
  suiteDir: string;
  /** The target's JWK Set, fetched once per worker. */
  jwks(): Promise<JSONWebKeySet>;
}

export interface AssertionOutcome {
  ok: boolean;
  message: string;
  /** The assertion cannot be judged against this target (what it looks at is not visible): a skip, with why. */
  skip?: boolean;
  evidence?: Pick<Evidence, 'headers' | 'body'>;
}

export interface AssertionKind<K extends keyof Assertion> {
  evaluate(spec: NonNullable<Assertion[K]>, ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>;
}
