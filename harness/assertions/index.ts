// Every assertion kind by name (one module per kind; their interface is in types.ts), and the dispatch.
import type { Assertion } from '../types.ts';
import type { AssertionContext, AssertionKind, AssertionOutcome } from './types.ts';
import { entropy, unique } from './uniqueness.ts';
import { header } from './header.ts';
import { json } from './json.ts';
import { jsonSchema } from './json-schema.ts';
import { jwks } from './jwks.ts';
import { jwt } from './jwt.ts';
import { oauthError } from './oauth-error.ts';
import { scopeEcho } from './scope-echo.ts';
import { status } from './status.ts';
import { value } from './value.ts';

const KINDS: { [K in keyof Assertion]-?: AssertionKind<K> } = {
  status,
  header,
  json,
  jsonSchema,
  jwt,
  jwks,
  oauthError,
  unique,
  entropy,
  value,
  scopeEcho,
};

export async function evaluate(assertion: Assertion, ctx: AssertionContext): Promise<AssertionOutcome> {
  const [kind, spec] = Object.entries(assertion)[0] as [keyof Assertion, never];
  return KINDS[kind].evaluate(spec, ctx);
}
