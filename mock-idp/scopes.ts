// Scope rules a profile switches on (profile.scopes): Oracle's fully-qualified scopes (audience + value, no
// separator), scopes that exclude every other, and a lifetime scope ("urn:opc:resource:expiry=N"). With
// the generic profile a request's scope tokens must simply be among the client's (RFC 6749 §3.3).
import type { Client } from './clients.ts';
import { InvalidScope } from './errors.ts';
import type { Profile } from './profile.ts';

export interface ScopeDecision {
  /** Scope values granted (without audience prefix or lifetime scope). */
  scope: string[];
  /** Audiences named by fully-qualified scopes; empty = none named. */
  audiences: string[];
  /** Lifetime asked for by a lifetime scope, seconds. */
  lifetime?: number;
  /**
   * The grant is exactly the request: every requested value granted (a fully-qualified one as audience + value)
   * and nothing else. False when no scope was requested, or a lifetime scope was (it is not in the token).
   */
  asRequested: boolean;
}

function requestedLifetime(rules: Profile['scopes'], tokens: string[]): { rest: string[]; lifetime?: number } {
  const prefix = rules.expiryPrefix;
  if (!prefix) return { rest: tokens };
  const asked = tokens.filter((t) => t.startsWith(prefix));
  if (asked.length > 1) throw new InvalidScope(`only one ${prefix} scope is allowed`);
  const rest = tokens.filter((t) => !t.startsWith(prefix));
  if (!asked.length) return { rest };
  const text = asked[0]!.slice(prefix.length);
  const seconds = Number(text);
  const { min, max } = rules.expiryRange;
  if (!/^\d+$/.test(text) || seconds < min || seconds > max)
    throw new InvalidScope(`${prefix} must be a number of seconds from ${min} to ${max}`);
  return { rest, lifetime: seconds };
}

/** The scope values and audiences a request is granted, or InvalidScope (never silently narrowed). */
export function decideScope(
  rules: Profile['scopes'],
  client: Client,
  requested: string[] | undefined,
  defaultAudience: string,
): ScopeDecision {
  if (requested === undefined) return { scope: client.defaultScopes, audiences: [], asRequested: false };
  const { rest, lifetime } = requestedLifetime(rules, requested);
  if (!rest.length) return { scope: client.defaultScopes, audiences: [], lifetime, asRequested: false };
  const audiences = new Set<string>();
  const granted = new Set<string>();
  const refused: string[] = [];
  const clientAudiences = client.audience === undefined ? [defaultAudience] : [client.audience].flat();
  for (const token of rest) {
    if (client.scopes.includes(token)) {
      granted.add(token);
      continue;
    }
    const aud = rules.fullyQualified
      ? clientAudiences.find((a) => token.startsWith(a) && client.scopes.includes(token.slice(a.length)))
      : undefined;
    if (aud === undefined) refused.push(token);
    else {
      audiences.add(aud);
      granted.add(token.slice(aud.length));
    }
  }
  if (refused.length) throw new InvalidScope(`scope not allowed for this client: ${refused.join(' ')}`);
  const alone = rules.exclusive.find((x) => granted.has(x));
  if (alone !== undefined && granted.size > 1) throw new InvalidScope(`${alone} cannot be combined with another scope`);
  // Refused values are an error above, so what is granted is what was asked, unless a lifetime scope was too.
  return { scope: [...granted], audiences: [...audiences], lifetime, asRequested: lifetime === undefined };
}
