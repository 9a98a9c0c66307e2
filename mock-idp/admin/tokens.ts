// Tokens on demand (POST /_admin/tokens, idp.mintToken()): an access token exactly as the token endpoint would
// issue it to a client — same claims, header and signing key — with the defects asked for, so a resource
// server's tests can prove it rejects each one (RFC 9068 §4, RFC 8725 §2.1 / §3.1, RFC 7519 §4.1.4–4.1.5).
// Bad options are 400 invalid_request (the caller asked for a token), naming the option.
import { createPublicKey, createSecretKey, randomUUID } from 'node:crypto';
import type { Client } from '../clients.ts';
import type { SigningAlg } from '../defaults.ts';
import { profileClaims } from '../grants/client-credentials.ts';
import { signJws, unsecuredJws } from '../jws.ts';
import { AdminError, InvalidBody } from './errors.ts';
import type { AdminDeps, AdminRoute } from './types.ts';
import { validateBody } from './validate.ts';

export interface MintOptions {
  /** Client the token is for; default: the first client allowed the client_credentials grant. */
  client?: string;
  /** true: exp one hour ago; N: exp N seconds ago. */
  expired?: boolean | number;
  /** true: nbf one hour from now; N: nbf N seconds from now. */
  notBefore?: boolean | number;
  aud?: string | string[];
  iss?: string;
  /** 'unknown': a kid the JWKS does not publish; any other string: used as is. */
  kid?: string;
  /** 'none': unsecured JWS; 'HS256-with-public-key': HMAC keyed with the signing key's public key (SPKI PEM). */
  alg?: 'none' | 'HS256-with-public-key';
  /** 'unpublished-key': signed by a key the JWKS does not publish, under the published kid. */
  signedBy?: 'unpublished-key';
  /** Header typ instead of at+jwt; null = none. */
  typ?: string | null;
  /** Set last; null removes a claim. */
  claims?: Record<string, unknown>;
  scope?: string | string[];
  /** Seconds from iat to exp. */
  lifetime?: number;
}

export interface MintedToken {
  access_token: string;
  token_type: 'Bearer';
  /** The JOSE header and claims of the token, decoded, for the test's assertions. */
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const HOUR = 3600;

/** 400 invalid_request naming the option at fault (instancePath / schemaPath when the schema refused it). */
class BadOption extends AdminError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(400, 'invalid_request', message, details);
  }
}

function options(body: unknown): MintOptions {
  try {
    return validateBody<MintOptions>('tokens', 'mint', body ?? {});
  } catch (err) {
    if (err instanceof InvalidBody) throw new BadOption(err.message, err.details);
    throw err;
  }
}

function clientFor(a: AdminDeps, id: string | undefined): Client {
  if (id !== undefined) {
    const client = a.ctx.clients.get(id);
    if (!client) throw new BadOption(`/client: unknown client "${id}"`, { instancePath: '/client' });
    return client;
  }
  const first = a.ctx.clients.list().find((c) => c.grants.includes('client_credentials'));
  if (!first)
    throw new BadOption('/client: the mock has no client allowed the client_credentials grant; name one', { instancePath: '/client' });
  return first;
}

const seconds = (v: boolean | number | undefined): number | undefined => (v === true ? HOUR : v === false ? undefined : v);

export async function mintToken(a: AdminDeps, input: MintOptions = {}): Promise<MintedToken> {
  const o = options(input);
  if (o.alg !== undefined && o.signedBy !== undefined)
    throw new BadOption(`/signedBy: cannot be combined with alg "${o.alg}" (that token has no signature by a key)`, {
      instancePath: '/signedBy',
    });
  const { ctx } = a;
  const client = clientFor(a, o.client);
  const now = ctx.clock.now();
  const lifetime = o.lifetime ?? client.tokenLifetime ?? ctx.settings.tokens.lifetime;
  const ago = seconds(o.expired);
  const exp = ago === undefined ? now + lifetime : now - ago;
  const record = { sub: client.id, aud: client.audience ?? ctx.defaultAudience(), iat: exp - lifetime, exp, jti: randomUUID() };
  const { header, payload, key } = await ctx.tokens.jwtDraft(
    { clientId: client.id, scope: client.defaultScopes, claims: { ...profileClaims(ctx.profile.tokens.claims, client), ...client.claims } },
    record,
  );

  if (o.scope !== undefined) {
    const scope = Array.isArray(o.scope) ? o.scope.join(' ') : o.scope;
    if (scope) payload.scope = scope;
    else delete payload.scope;
  }
  if (o.aud !== undefined) payload.aud = o.aud;
  if (o.iss !== undefined) payload.iss = o.iss;
  const nbf = seconds(o.notBefore);
  if (nbf !== undefined) payload.nbf = now + nbf;
  for (const [name, value] of Object.entries(o.claims ?? {})) {
    if (value === null) delete payload[name];
    else payload[name] = value;
  }
  if (o.typ === null) delete header.typ;
  else if (o.typ !== undefined) header.typ = o.typ;
  if (o.kid !== undefined) header.kid = o.kid === 'unknown' ? `unknown-${randomUUID()}` : o.kid;

  let token: string;
  if (o.alg === 'none') {
    token = unsecuredJws(header, payload);
    header.alg = 'none';
  } else if (o.alg === 'HS256-with-public-key') {
    // RFC 8725 §2.1: a verifier that trusts the header's alg would use its RSA / EC public key as the HMAC secret.
    const pem = createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' });
    header.alg = 'HS256';
    token = await signJws(header as Record<string, unknown> & { alg: 'HS256' }, payload, createSecretKey(Buffer.from(pem)));
  } else {
    const signer = o.signedBy === 'unpublished-key' ? await ctx.tokens.unpublishedKey(key.alg) : key;
    token = await signJws(header as Record<string, unknown> & { alg: SigningAlg }, payload, signer.privateKey);
  }
  return { access_token: token, token_type: 'Bearer', header, claims: payload };
}

export const tokenRoutes: AdminRoute[] = [
  { method: 'POST', path: '/tokens', run: async (a, r) => ({ status: 200, body: await mintToken(a, r.body as MintOptions) }) },
];
