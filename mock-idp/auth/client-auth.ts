// Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3):
// client_secret_basic, client_secret_post and private_key_jwt, exactly one per request (§2.3, §5.2).
import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { formUrlDecode } from '../../lib/form.ts';
import { ClientStore, type Client } from '../clients.ts';
import type { MockContext } from '../context.ts';
import type { AuthMethod } from '../defaults.ts';
import { faultFlag, faultRefusesAuthMethod } from '../faults/engine.ts';
import { InvalidClient, InvalidRequest, type ClientAuthFailure } from '../errors.ts';
import type { Form } from '../http/form.ts';
import { verifyClientAssertion, JWT_BEARER } from './private-key-jwt.ts';

export interface AuthenticatedClient {
  client: Client;
  method: AuthMethod;
}

interface BasicCredentials {
  id: string;
  secret: string;
  /** The same split without form-urldecoding: raw secrets with ':' etc. are also accepted (Oracle docs). */
  rawId: string;
  rawSecret: string;
}

/**
 * RFC 6749 §2.3.1: Base64(urlencode(id) ":" urlencode(secret)); split on the first colon. Bytes that are not
 * UTF-8 are read as Latin-1: RFC 7617 §2.1 leaves the charset open, and Python requests and Authlib 1.2 send
 * non-ASCII secrets that way.
 */
function parseBasic(value: string): BasicCredentials | undefined {
  const b64 = value.slice(6).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const bytes = Buffer.from(b64, 'base64');
  const decoded = bytes.toString(isUtf8(bytes) ? 'utf8' : 'latin1');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const rawId = decoded.slice(0, colon);
  const rawSecret = decoded.slice(colon + 1);
  return { id: formUrlDecode(rawId) ?? rawId, secret: formUrlDecode(rawSecret) ?? rawSecret, rawId, rawSecret };
}

export async function authenticateClient(
  ctx: MockContext,
  headers: IncomingHttpHeaders,
  form: Form,
  endpointUrl: string,
): Promise<AuthenticatedClient> {
  const realm = ctx.settings.realm;
  const authorization = headers.authorization;
  const viaHeader = authorization !== undefined;
  const basic = authorization !== undefined && /^basic /i.test(authorization);
  const post = form.has('client_secret');
  const jwt = form.has('client_assertion') || form.has('client_assertion_type');
  if (Number(basic) + Number(post) + Number(jwt) > 1) {
    throw new InvalidRequest('more than one client authentication method in one request (RFC 6749 §2.3)');
  }
  const fail = (why: string, failure: ClientAuthFailure = 'credentials'): never => {
    throw new InvalidClient(`client authentication failed: ${why}`, viaHeader, realm, failure);
  };
  const now = ctx.clock.now();
  // The accept-wrong-secret fault (faults/catalogue.ts) makes any secret of a known client pass.
  let expired = false;
  const secretOk = (client: Client, secret: string) => {
    if (faultFlag('acceptWrongSecret')) return true;
    const verdict = ClientStore.checkSecret(client, secret, now);
    if (verdict === 'expired') expired = true;
    return verdict === 'valid';
  };
  const wrongSecret = () => fail(expired ? 'the client secret has expired' : 'invalid client credentials');
  const usable = (client: Client | undefined, method: AuthMethod): Client => {
    if (!client || !client.enabled) return fail('unknown or disabled client');
    if (!client.authMethods.includes(method)) return fail(`the client is not registered for ${method}`, 'method');
    // The vendor profile decides which methods the server accepts at all (e.g. body credentials only).
    if (!ctx.profile.clientAuth.methods.includes(method)) return fail(`this server does not accept ${method}`, 'method');
    if (faultRefusesAuthMethod(method)) return fail(`this server does not accept ${method}`, 'method');
    return client;
  };

  if (viaHeader && !basic) fail('unsupported authorization scheme', 'method');
  if (basic) {
    const creds = parseBasic(authorization);
    if (!creds) return fail('malformed Basic credentials');
    const formId = form.get('client_id');
    const decoded = faultFlag('basicNoUrlDecode') ? [] : [[creds.id, creds.secret] as const];
    for (const [id, secret] of [...decoded, [creds.rawId, creds.rawSecret] as const]) {
      const client = ctx.clients.get(id);
      if (client && client.enabled && secretOk(client, secret)) {
        if (formId !== undefined && formId !== id) fail('client_id in the body does not match the Authorization header');
        return { client: usable(client, 'client_secret_basic'), method: 'client_secret_basic' };
      }
    }
    return wrongSecret();
  }
  if (post) {
    const id = form.get('client_id');
    if (id === undefined) return fail('client_secret without client_id', 'missing');
    const client = ctx.clients.get(id);
    if (!client) return fail('invalid client credentials');
    if (!secretOk(client, form.get('client_secret')!)) return wrongSecret();
    return { client: usable(client, 'client_secret_post'), method: 'client_secret_post' };
  }
  if (jwt) {
    if (form.get('client_assertion_type') !== JWT_BEARER) return fail(`client_assertion_type must be ${JWT_BEARER}`, 'assertion');
    const assertion = form.get('client_assertion');
    if (!assertion) return fail('client_assertion is missing', 'assertion');
    const client = await verifyClientAssertion(ctx, assertion, form.get('client_id'), endpointUrl, (why) => fail(why, 'assertion'));
    return { client: usable(client, 'private_key_jwt'), method: 'private_key_jwt' };
  }
  // The client-auth-optional fault (faults/catalogue.ts): serve the client the request names, else the first.
  if (faultFlag('anonymousClient'))
    return { client: ctx.clients.get(form.get('client_id') ?? '') ?? ctx.clients.list()[0]!, method: 'client_secret_post' };
  return fail('no client authentication', 'missing');
}

/**
 * The client a request names, authenticated or not, for the request logs: the Basic user id, the body's
 * client_id, or the client assertion's iss. Never a secret.
 */
export function claimedClientId(headers: IncomingHttpHeaders, form: Form | undefined): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined && /^basic /i.test(authorization)) return parseBasic(authorization)?.id;
  const id = form?.get('client_id');
  if (id !== undefined) return id;
  const assertion = form?.get('client_assertion');
  if (!assertion) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}
