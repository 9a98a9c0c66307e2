// The judgements of `idp-conformance client`: each check of a scenario (suites/client/*.client.yaml) names one by
// its `expect`. A judgement reads the recorded timeline (src/client/recorder.ts) and says met, not met (with the
// exchange that shows it) or skip (the scenario never gave the client the chance, e.g. no 429 was answered).
import { met as ok, notMet as notOk, type Judgement } from '../report/judgement.ts';
import type { TimelineEntry } from '../report/model.ts';
import type { Exchange } from './recorder.ts';
import type { ClientCheck, Scenario } from './scenarios.ts';

export type Expectation =
  | 'token-reuse'
  | 'no-expired-token'
  | 'renews-after-invalid-token'
  | 'no-reuse-after-invalid-token'
  | 'honours-retry-after'
  | 'backs-off'
  | 'recovers'
  | 'survives'
  | 'creds-not-in-query'
  | 'single-auth-method'
  | 'basic-form-encoded'
  | 'post'
  | 'form-content-type'
  | 'grant-type'
  | 'scope-given'
  | 'token-not-in-query'
  | 'stops-on-invalid-client';

export interface RunFacts {
  scenario: Scenario;
  timeline: Exchange[];
  /** The scopes the client was given (IDP_SCOPE). */
  scopes: string[];
  /** How the client process ended before the scenario's end ("exited with 1"), else undefined. */
  exitedEarly: { why: string; atMs: number } | undefined;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const tokenRequests = (t: Exchange[]) => t.filter((e) => e.kind === 'token');
const resourceCalls = (t: Exchange[]) => t.filter((e) => e.kind === 'resource');
const answeredCalls = (t: Exchange[]) => resourceCalls(t).filter((e) => e.status !== 0);
const invalidToken = (e: Exchange) => e.kind === 'resource' && e.status === 401 && e.error === 'invalid_token';
const isError = (e: Exchange) => e.status === 0 || e.status >= 500 || e.status === 429;

/** The end of the last fault window, or of the last event, in ms from the start. */
function lastDisruptionEnd(sc: Scenario): number | undefined {
  const ends = sc.events.map((e) => (e.at + (e.fault && e.for !== undefined ? e.for : 0)) * 1000);
  return ends.length ? Math.max(...ends) : undefined;
}

/** The most requests in any sliding 1-second window. */
function peakPerSecond(list: Exchange[]): { count: number; at: number } {
  let best = { count: 0, at: 0 };
  let i = 0;
  for (let j = 0; j < list.length; j++) {
    while (list[j]!.at - list[i]!.at >= 1000) i++;
    if (j - i + 1 > best.count) best = { count: j - i + 1, at: list[i]!.at };
  }
  return best;
}

export const JUDGEMENTS: Record<Expectation, (f: RunFacts, check: ClientCheck) => Judgement> = {
  'token-reuse': (f) => {
    const issued = tokenRequests(f.timeline).filter((e) => e.issued);
    const calls = answeredCalls(f.timeline);
    if (!issued.length) return { skip: 'no token was issued to the client' };
    if (calls.length < 3)
      return { skip: `the client called IDP_RESOURCE_URL ${plural(calls.length, 'time')}: too few to judge token reuse` };
    const lifetimes = issued.map((e) => e.issued!.expiresIn).filter((v): v is number => v !== undefined && v > 0);
    const lifetime = lifetimes.length ? Math.min(...lifetimes) : f.scenario.tokenLifetime;
    // About one per lifetime; twice that is allowed, for a client that renews early or after a 401 near expiry
    // (JWT exp is in whole seconds, so a token may stop being accepted up to a second before its expires_in).
    const bound = 2 * Math.ceil(f.scenario.duration / lifetime) + 1;
    const requests = tokenRequests(f.timeline).length;
    const what = `${plural(requests, 'token request')} for ${plural(calls.length, 'resource call')} in ${f.scenario.duration} s with tokens of ${lifetime} s`;
    return requests <= bound
      ? ok(`${what} (at most ${bound} expected)`)
      : notOk(`${what}: a token is not reused until near its expiry (at most ${bound} expected)`);
  },
  'no-expired-token': (f) => {
    const late = resourceCalls(f.timeline).filter((e) => e.lateBy !== undefined);
    const perToken = new Map<number, Exchange[]>();
    for (const e of late) perToken.set(e.token!, [...(perToken.get(e.token!) ?? []), e]);
    // "Right after expiry": one call that finds the token expired is allowed; a second one is a client that keeps going.
    const kept = [...perToken.entries()].find(([, list]) => list.length > 1);
    if (kept)
      return notOk(
        `token #${kept[0]} was sent ${plural(kept[1].length, 'time')} after its expires_in had passed (${s(kept[1][0]!.lateBy!)} to ${s(kept[1].at(-1)!.lateBy!)} late)`,
      );
    return ok(
      late.length
        ? `${plural(late.length, 'call')} found a token just expired, and the client renewed it`
        : 'no token was sent past its expires_in',
    );
  },
  'renews-after-invalid-token': (f) => {
    const refused = f.timeline.find(invalidToken);
    if (!refused) return { skip: 'the resource never answered 401 invalid_token' };
    const renewed = tokenRequests(f.timeline).find((e) => e.at >= refused.at);
    return renewed
      ? ok(`the resource refused token #${refused.token} at ${s(refused.at)}; the client requested a new token at ${s(renewed.at)}`)
      : notOk(
          `the resource refused token #${refused.token} with invalid_token at ${s(refused.at)}; the client requested no new token in the ${s(f.scenario.duration * 1000 - refused.at)} that followed`,
        );
  },
  'no-reuse-after-invalid-token': (f, check) => {
    const max = check.max ?? 1;
    const refusedAt = new Map<number, number>();
    for (const e of f.timeline) if (invalidToken(e) && e.token !== undefined && !refusedAt.has(e.token)) refusedAt.set(e.token, e.end);
    if (!refusedAt.size) return { skip: 'the resource never answered 401 invalid_token' };
    for (const [token, at] of refusedAt) {
      const again = resourceCalls(f.timeline).filter((e) => e.token === token && e.at >= at);
      if (again.length > max)
        return notOk(
          `token #${token} was refused with invalid_token at ${s(at)} and sent ${plural(again.length, 'more time')} after that (a retry loop)`,
        );
    }
    return ok(`no token was sent again after a 401 invalid_token (${plural(refusedAt.size, 'token')} refused)`);
  },
  'honours-retry-after': (f) => {
    const tokens = tokenRequests(f.timeline);
    const asked = tokens.filter((e) => e.retryAfter !== undefined && (e.status === 429 || e.status === 503));
    if (!asked.length) return { skip: 'the token endpoint never answered with Retry-After' };
    for (const e of asked) {
      const next = tokens.find((n) => n.at > e.at);
      const wait = e.retryAfter! * 1000;
      // 250 ms of slack for the client's timer and the answer's transit.
      if (next && next.at - e.end < wait - 250)
        return notOk(
          `the token endpoint answered ${e.status} with Retry-After: ${e.retryAfter} at ${s(e.end)}; the client asked again ${s(next.at - e.end)} later`,
        );
    }
    return ok(`${plural(asked.length, 'answer')} with Retry-After; the client waited each time`);
  },
  'backs-off': (f, check) => {
    const max = check.max ?? 3;
    // Only the requests made while the IdP was failing: from a failed request to the next success.
    const streaks: Exchange[][] = [];
    let failing = false;
    for (const e of tokenRequests(f.timeline)) {
      if (failing) streaks.at(-1)!.push(e);
      else if (isError(e)) streaks.push([e]);
      failing = isError(e);
    }
    const peak = streaks.map(peakPerSecond).reduce((a, b) => (b.count > a.count ? b : a), { count: 0, at: 0 });
    const failed = tokenRequests(f.timeline).filter(isError).length;
    if (!failed) return { skip: 'the token endpoint never failed or timed out' };
    return peak.count <= max
      ? ok(`at most ${plural(peak.count, 'token request')} in any second (${plural(failed, 'failed request')})`)
      : notOk(`${peak.count} token requests within one second from ${s(peak.at)} (at most ${max}): no backoff after failures`);
  },
  recovers: (f) => {
    const after = lastDisruptionEnd(f.scenario);
    if (after === undefined) return { skip: 'nothing went wrong in this scenario' };
    if (!tokenRequests(f.timeline).some((e) => e.issued)) return { skip: 'no token was ever issued to the client' };
    const outage = f.scenario.events.some((e) => e.fault);
    const since = outage ? `the IdP was back at ${s(after)}` : `after the event at ${s(after)}`;
    if (f.exitedEarly && f.exitedEarly.atMs < after)
      return notOk(`the client ${f.exitedEarly.why} at ${s(f.exitedEarly.atMs)}, before ${outage ? since : `the event at ${s(after)}`}`);
    // After a revocation or rotation the old tokens are dead: only a call with a token issued after it shows recovery.
    const newer = outage
      ? 0
      : Math.max(
          0,
          ...tokenRequests(f.timeline)
            .filter((e) => e.issued && e.end <= after)
            .map((e) => e.issued!.token),
        );
    const good = answeredCalls(f.timeline).find((e) => e.at >= after && e.status >= 200 && e.status < 300 && (e.token ?? 0) > newer);
    return good
      ? ok(`${since}; the client's call at ${s(good.at)}${newer ? ` with token #${good.token}` : ''} succeeded`)
      : notOk(
          `${since}; no call of the client succeeded${newer ? ' with a token issued after it' : ''} in the ${s(f.scenario.duration * 1000 - after)} that followed`,
        );
  },
  survives: (f) =>
    f.exitedEarly
      ? notOk(`the client ${f.exitedEarly.why} at ${s(f.exitedEarly.atMs)}, before the scenario ended`)
      : ok('the client ran until it was stopped'),
  // RFC 6749 §2.3.1: client_secret (and the client_id beside it) "MUST NOT be included in the request URI"; a
  // client_id alone in a query, with the secret sent properly, is left alone (the sentence is about the credentials).
  'creds-not-in-query': (f) => {
    const bad = f.timeline.find((e) => e.kind !== 'resource' && e.query.includes('client_secret'));
    return bad
      ? notOk(
          `${bad.method} ${bad.path} at ${s(bad.at)} carried ${bad.query.filter((q) => q.startsWith('client_')).join(' and ')} in the URL query`,
        )
      : ok('no client secret in a URL query');
  },
  'single-auth-method': (f) => {
    const bad = tokenRequests(f.timeline).find((e) => e.auth?.basic && e.auth.body);
    return bad
      ? notOk(`the token request at ${s(bad.at)} authenticated twice: Basic and client_secret in the body`)
      : ok('one authentication method per token request');
  },
  'basic-form-encoded': (f) => {
    const basic = tokenRequests(f.timeline).filter((e) => e.auth?.basic);
    if (!basic.length) return { skip: 'the client did not use HTTP Basic (client_secret_basic)' };
    const bad = basic.find((e) => e.auth!.basic !== 'form-encoded');
    if (!bad) return ok(`${plural(basic.length, 'Basic header')}, client id and secret form-urlencoded`);
    return notOk(
      bad.auth!.basic === 'raw'
        ? `the client_secret_basic header at ${s(bad.at)} was not form-urlencoded before Base64 (the secret's "+", "%" and space were sent as is)`
        : `the client_secret_basic header at ${s(bad.at)} holds neither IDP_CLIENT_ID and IDP_CLIENT_SECRET nor their form-urlencoded forms`,
    );
  },
  post: (f) => {
    const bad = tokenRequests(f.timeline).find((e) => e.method !== 'POST');
    return bad ? notOk(`a token request used ${bad.method} at ${s(bad.at)}`) : ok('every token request used POST');
  },
  'form-content-type': (f) => {
    const bad = tokenRequests(f.timeline).find((e) => !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(e.contentType ?? ''));
    return bad
      ? notOk(`the token request at ${s(bad.at)} had Content-Type: ${bad.contentType ?? '(none)'}`)
      : ok('Content-Type: application/x-www-form-urlencoded');
  },
  'grant-type': (f) => {
    const bad = tokenRequests(f.timeline).find((e) => e.form?.grantType !== 'client_credentials');
    return bad
      ? notOk(`the token request at ${s(bad.at)} had ${bad.form ? `grant_type=${bad.form.grantType ?? '(none)'}` : 'no form body'}`)
      : ok('grant_type=client_credentials');
  },
  'scope-given': (f) => {
    for (const e of tokenRequests(f.timeline)) {
      const extra = (e.form?.scope ?? '').split(' ').filter((x) => x && !f.scopes.includes(x));
      if (extra.length)
        return notOk(`the token request at ${s(e.at)} asked for ${extra.join(' ')}, not in IDP_SCOPE (${f.scopes.join(' ')})`);
    }
    return ok(`only the scopes given (${f.scopes.join(' ')}) or none`);
  },
  'token-not-in-query': (f) => {
    const bad = resourceCalls(f.timeline).find((e) => e.query.includes('access_token'));
    return bad
      ? notOk(`the call at ${s(bad.at)} sent the access token in the URL query`)
      : ok('the access token was sent in the Authorization header');
  },
  'stops-on-invalid-client': (f, check) => {
    const max = check.max ?? 2;
    const tokens = tokenRequests(f.timeline);
    const first = tokens.find((e) => e.error === 'invalid_client');
    if (!first) return { skip: 'the token endpoint never answered invalid_client' };
    const more = tokens.filter((e) => e.at > first.at).length;
    return more <= max
      ? ok(
          `after invalid_client at ${s(first.at)}: ${plural(more, 'more token request')}${f.exitedEarly ? `; the client ${f.exitedEarly.why}` : ''}`,
        )
      : notOk(
          `after invalid_client at ${s(first.at)} the client sent ${more} more token requests (at most ${max}): it should stop and report`,
        );
  },
};

/** The timeline as evidence: runs of identical resource calls collapsed into one entry with a count. */
export function timelineEvidence(timeline: Exchange[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of timeline) {
    const entry: TimelineEntry = {
      atMs: Math.round(e.at),
      method: e.method,
      path: e.path,
      status: e.status,
      note: noteOf(e),
    };
    const last = out.at(-1);
    if (last && e.kind === 'resource' && last.path === entry.path && last.status === entry.status && last.note === entry.note) {
      last.count = (last.count ?? 1) + 1;
      last.untilMs = entry.atMs;
      continue;
    }
    out.push(entry);
  }
  return out;
}

function noteOf(e: Exchange): string {
  const parts: string[] = [];
  if (e.kind === 'token') {
    if (e.auth?.basic) parts.push(`Basic (${e.auth.basic})`);
    if (e.auth?.body) parts.push('client_secret in body');
    if (e.form?.scope !== undefined) parts.push(`scope=${e.form.scope}`);
    if (e.issued)
      parts.push(`token #${e.issued.token} issued${e.issued.expiresIn !== undefined ? `, expires_in ${e.issued.expiresIn}` : ''}`);
  }
  if (e.kind === 'resource')
    parts.push(e.token === undefined ? 'no token' : e.token === 0 ? 'a token the IdP never issued' : `token #${e.token}`);
  if (e.lateBy !== undefined) parts.push(`${e.lateBy} ms past expiry`);
  if (e.query.length) parts.push(`query: ${e.query.join(', ')}`);
  if (e.error) parts.push(e.error);
  if (e.retryAfter !== undefined) parts.push(`Retry-After ${e.retryAfter}`);
  if (e.status === 0) parts.push('no answer (the client gave up or the connection broke)');
  return parts.join('; ');
}
