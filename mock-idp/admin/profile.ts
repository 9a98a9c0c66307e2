// The profile in force, as a console or script needs it to follow the vendor's rules before asking: its
// name and title, the lifecycle limits (token lifetime bounds, secret limit and default expiry, fixed roles,
// scope limit), the scope model (Oracle fully-qualified scopes), the token endpoint and the console's words.
import type { ConsoleWords, LifecycleRules } from '../profile.ts';
import type { AdminDeps, AdminRoute } from './types.ts';

export interface ProfileView {
  name: string;
  title: string;
  strict: boolean;
  quirks: string[];
  lifecycle: LifecycleRules;
  tokens: { format: 'jwt' | 'opaque'; lifetime: number };
  /** Requested scope = audience + value (Oracle): a client's scopes are audience–scope pairs. */
  fullyQualifiedScopes: boolean;
  /** The audience a client gets when it names none (the sample resource's). */
  defaultAudience: string;
  tokenEndpoint: string;
  /** Authentication methods the token endpoint accepts. */
  authMethods: string[];
  words: ConsoleWords;
}

export function readProfile(a: AdminDeps): ProfileView {
  const { profile, settings } = a.ctx;
  return {
    name: profile.name,
    title: profile.title,
    strict: profile.strict,
    quirks: profile.quirks,
    lifecycle: profile.lifecycle,
    tokens: { format: settings.tokens.format, lifetime: settings.tokens.lifetime },
    fullyQualifiedScopes: profile.scopes.fullyQualified,
    defaultAudience: a.ctx.defaultAudience(),
    tokenEndpoint: a.ctx.url(settings.paths.token),
    authMethods: profile.clientAuth.methods,
    words: profile.console,
  };
}

export const profileRoutes: AdminRoute[] = [{ method: 'GET', path: '/profile', run: async (a) => ({ status: 200, body: readProfile(a) }) }];
