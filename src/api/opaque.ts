// Opaque access tokens for the api cases (--token-format opaque|both). idp.admin.mintToken mints JWTs only, so an
// opaque token is a real one: the token endpoint issues it to the API's own client (configured tokenFormat opaque),
// because the mock's introspection (RFC 7662 §2.2) reports another client's token as {"active":false}. A revoked
// token is revoked at the mock's revocation endpoint (RFC 7009 §2, or the profile's GET ?token= style); an expired
// one has the mock clock moved past its exp while the API is asked, then moved back, so the cases after it and the
// keys the JWKS publishes see the time they would have.
import { basicAuthorization } from '../../harness/client-auth.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

export interface OpaqueOptions {
  revoked?: boolean;
  expired?: boolean;
}

export interface OpaqueToken {
  token: string;
  /** Undo what was done to the mock for this token (the clock moved for an expired one); call after the request. */
  restore(): Promise<void>;
}

interface ClientCredentials {
  id: string;
  secret: string;
}

/** A POST from the client, authenticated the way the profile accepts (client_secret_basic when it may, else the body). */
async function clientPost(idp: MockIdp, url: string, client: ClientCredentials, form: Record<string, string>): Promise<Response> {
  const useBasic = idp.context.profile.clientAuth.methods.includes('client_secret_basic');
  const body = new URLSearchParams(form);
  if (!useBasic) {
    body.set('client_id', client.id);
    body.set('client_secret', client.secret);
  }
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(useBasic ? { Authorization: basicAuthorization(client.id, client.secret) } : {}),
    },
    body: body.toString(),
    signal: AbortSignal.timeout(10_000),
  });
}

/** An opaque access token from the mock's token endpoint, revoked or expired as asked; Error with why it could not be had. */
export async function opaqueToken(idp: MockIdp, client: ClientCredentials, o: OpaqueOptions): Promise<OpaqueToken> {
  const res = await clientPost(idp, idp.endpoints.token, client, { grant_type: 'client_credentials' });
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (res.status !== 200 || typeof body.access_token !== 'string')
    throw new Error(`the mock's token endpoint answered ${res.status} to the API client's token request`);
  const token = body.access_token;
  if (token.split('.').length === 3) throw new Error('the mock issued a JWT where an opaque token was asked for');
  if (o.revoked) {
    const url = idp.endpoints.revocation;
    if (!url) throw new Error(`the ${idp.context.profile.name} profile has no revocation endpoint`);
    const revoked =
      idp.context.profile.revocation.style === 'get-query'
        ? await fetch(`${url}?${new URLSearchParams({ token })}`, { signal: AbortSignal.timeout(10_000) })
        : await clientPost(idp, url, client, { token, token_type_hint: 'access_token' });
    await revoked.body?.cancel();
    if (revoked.status !== 200) throw new Error(`the mock's revocation endpoint answered ${revoked.status}`);
  }
  let moved = 0;
  if (o.expired) {
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in);
    moved = (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : idp.context.settings.tokens.lifetime) + 60;
    await idp.admin.advanceClock({ seconds: moved });
  }
  return {
    token,
    restore: async () => {
      if (moved) await idp.admin.advanceClock({ seconds: -moved });
    },
  };
}
