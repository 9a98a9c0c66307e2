// The resource-server cases of `idp-conformance api` are data: suites/api/resource-server.api.yaml (validated by
// schemas/api-suite.schema.json) says which token the mock mints, how it is sent and which checks judge the answer,
// with their levels and requirement ids. This module holds the judgements a check's `expect` names: each a
// predicate over the API's answer that accepts every answer the cited text allows.
import { join } from 'node:path';
import { loadYamlFile } from '../../lib/yaml-file.ts';
import type { MintOptions } from '../../mock-idp/index.ts';
import schema from '../../schemas/api-suite.schema.json' with { type: 'json' };
import { met as ok, notMet as notOk, type Judgement } from '../report/judgement.ts';
import type { Level } from '../report/model.ts';
import type { OpaqueOptions } from './opaque.ts';

/** What the API answered to one request. */
export interface ApiAnswer {
  status: number;
  /** WWW-Authenticate, when sent. */
  challenge: string | undefined;
  cacheControl: string | undefined;
}

/** The outcome of one judgement: met, not met (with why), or not applicable (skip, with why). */

export type Expectation =
  | 'accepted'
  | 'refused'
  | 'status-401'
  | 'bearer-challenge'
  | 'invalid-token'
  | 'insufficient-scope'
  | 'no-error-code'
  | 'any-answer'
  | 'cache-private'
  | 'status-400-or-401';

export interface ApiCheck {
  id: string;
  title: string;
  expect: Expectation;
  level: Level;
  requirements: string[];
  /** Line of the check in the suite file (SARIF locations). */
  line?: number;
}

/** How the token of a case is sent. */
export type Delivery = 'header' | 'none' | 'query' | { authorization: string };

export interface ApiCase {
  id: string;
  title: string;
  /** The JWT to mint (absent: none, or the opaque token below). */
  token?: MintOptions;
  /** An opaque token from the mock's token endpoint, validated by the API by introspection (src/api/opaque.ts). */
  opaque?: OpaqueOptions;
  /** The mock rotates its signing key first. */
  rotateKey?: boolean;
  send: Delivery;
  checks: ApiCheck[];
}

export interface ApiSuite {
  id: string;
  /** Repository-relative path of the suite file. */
  file: string;
  cases: ApiCase[];
}

/** Which tokens `--token-format` runs: JWT cases, opaque cases, or both; cases without a token run always. */
export type TokenFormat = 'jwt' | 'opaque' | 'both';
export const TOKEN_FORMATS: readonly TokenFormat[] = ['jwt', 'opaque', 'both'];

/** Whether a case runs under `--token-format format` (the default jwt leaves out the opaque cases). */
export function caseSelected(c: Pick<ApiCase, 'token' | 'opaque'>, format: TokenFormat): boolean {
  if (c.opaque) return format !== 'jwt';
  if (c.token) return format !== 'opaque';
  return true;
}

export const API_SUITE_FILE = 'suites/api/resource-server.api.yaml';

/** Loads and validates a suite of api cases (invalid: InputError naming file, line and key, exit 2). */
export function loadApiSuite(root: string, file = API_SUITE_FILE): ApiSuite {
  const { data, lineOf } = loadYamlFile<Omit<ApiSuite, 'file'>>(join(root, file), schema);
  const cases = data.cases.map((c, i) => ({
    ...c,
    checks: c.checks.map((k, j) => ({ ...k, line: lineOf(['cases', i, 'checks', j, 'id']) })),
  }));
  return { id: data.id, file, cases };
}

const is2xx = (s: number) => s >= 200 && s < 300;
const bearer = (c: string | undefined) => c !== undefined && /^bearer(\s|$)/i.test(c.trim());
/** The error parameter of a Bearer challenge (RFC 6750 §3: error="…"). */
export function challengeError(c: string | undefined): string | undefined {
  return c === undefined ? undefined : /(?:^|[\s,])error\s*=\s*"?([A-Za-z0-9_]+)"?/i.exec(c)?.[1];
}
const shown = (a: ApiAnswer) =>
  `${a.status}${a.challenge === undefined ? ' without WWW-Authenticate' : ` with WWW-Authenticate: ${a.challenge}`}`;

/** The judgement of each `expect`; `what` is the case's title ("a token that has expired …"). */
export const JUDGEMENTS: Record<Expectation, (a: ApiAnswer, what: string) => Judgement> = {
  accepted: (a, what) => (is2xx(a.status) ? ok(`accepted: ${a.status}`) : notOk(`refused ${what}: ${shown(a)}`)),
  refused: (a, what) => (is2xx(a.status) ? notOk(`accepted ${what}: ${a.status}`) : ok(`refused: ${shown(a)}`)),
  'status-401': (a) =>
    a.status === 401 ? ok('401') : is2xx(a.status) ? { skip: 'the token was accepted' } : notOk(`answered ${shown(a)}, not 401`),
  // Whatever the refusal's status (400, 401, 403): RFC 6750 §3 asks WWW-Authenticate of every such answer.
  'bearer-challenge': (a) =>
    is2xx(a.status)
      ? { skip: 'the request was accepted' }
      : bearer(a.challenge)
        ? ok(`WWW-Authenticate: ${a.challenge}`)
        : notOk(
            a.challenge === undefined
              ? `${a.status} without WWW-Authenticate`
              : `WWW-Authenticate is not a Bearer-scheme challenge: ${a.challenge}`,
          ),
  'invalid-token': (a) => {
    if (is2xx(a.status)) return { skip: 'the token was accepted' };
    return challengeError(a.challenge) === 'invalid_token'
      ? ok('error="invalid_token"')
      : notOk(`no error="invalid_token" in the answer: ${shown(a)}`);
  },
  'insufficient-scope': (a) =>
    a.status === 403 && challengeError(a.challenge) === 'insufficient_scope'
      ? ok(`403 with ${a.challenge}`)
      : notOk(`answered ${shown(a)} to a token with no scope (expected 403 with error="insufficient_scope")`),
  'no-error-code': (a) => {
    const error = challengeError(a.challenge);
    return a.status !== 401 || !bearer(a.challenge)
      ? { skip: 'no Bearer-scheme challenge to look at' }
      : error === undefined
        ? ok('no error code')
        : notOk(`error="${error}" in the challenge of a request that carried no token`);
  },
  'any-answer': (a) => ok(is2xx(a.status) ? `accepted: ${a.status}` : `refused: ${shown(a)}`),
  'cache-private': (a) =>
    !is2xx(a.status)
      ? { skip: 'the query-parameter token was refused' }
      : /(^|[\s,])private\b/i.test(a.cacheControl ?? '')
        ? ok(`Cache-Control: ${a.cacheControl}`)
        : notOk(`2xx without Cache-Control: private (${a.cacheControl ?? 'no Cache-Control'})`),
  'status-400-or-401': (a) => (a.status === 400 || a.status === 401 ? ok(String(a.status)) : notOk(`answered ${shown(a)}, not 400 or 401`)),
};
