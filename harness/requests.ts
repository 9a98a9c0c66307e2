// Builds the HTTP request for each request kind of a suite, RFC-correct by default (form bodies, Basic
// credentials form-urlencoded before Base64), then applies the case's mutations for negative tests.
import { randomBytes } from 'node:crypto';
import { ASSERTION_TYPE, basicAuthorization, clientAssertion, tamperSignature } from './client-auth.ts';
import type { HttpRequest } from './http.ts';
import { encodeForm } from '../lib/form.ts';
import type { Redactor } from '../src/report/redact.ts';
import type { Credentials } from './target.ts';
import { expand, TemplateError, type Vars } from './template.ts';
import type { AuthChoice, Mutation, RequestSpec, ResolvedTarget } from './types.ts';

export interface BuildContext {
  target: ResolvedTarget;
  creds: Credentials;
  redactor: Redactor;
  vars: Vars;
}

type Form = [string, string][];

const random = (n: number) => randomBytes(n).toString('base64url');

function has(mutations: Mutation[] | undefined, m: string): boolean {
  return (mutations ?? []).some((x) => x === m);
}

function assertionMutation(mutations: Mutation[] | undefined): string | undefined {
  for (const m of mutations ?? []) if (typeof m === 'object' && 'assertion' in m) return m.assertion;
  return undefined;
}

function setParam(form: Form, name: string, value: string | null): Form {
  const out = form.filter(([k]) => k !== name);
  if (value !== null) out.push([name, value]);
  return out;
}

export async function buildRequest(r: RequestSpec, ctx: BuildContext): Promise<HttpRequest> {
  const t = ctx.target;
  const x = (s: string) => expand(s, ctx.vars);
  switch (r.kind) {
    case 'token': {
      const form: Form = [['grant_type', 'client_credentials']];
      if (t.scope) form.push(['scope', t.scope]);
      if (!t.endpoints.token) throw new TemplateError('the target has no token endpoint');
      return authenticatedPost(t.endpoints.token, form, r, ctx);
    }
    case 'introspect':
    case 'revoke': {
      const url = r.kind === 'introspect' ? t.endpoints.introspection : t.endpoints.revocation;
      if (!url) throw new TemplateError(`the target has no ${r.kind === 'introspect' ? 'introspection' : 'revocation'} endpoint`);
      const form: Form = r.token !== undefined ? [['token', x(r.token)]] : [];
      return authenticatedPost(url, form, r, ctx);
    }
    case 'discovery': {
      const doc = r.document ?? (t.discoveryUrls.rfc8414 ? 'rfc8414' : 'oidc');
      const url = (doc === 'rfc8414' ? ctx.vars.target.rfc8414Url : ctx.vars.target.oidcUrl) as string | undefined;
      if (!url) throw new TemplateError(`the target has no ${doc} metadata URL`);
      return { method: 'GET', url, headers: { accept: 'application/json', ...expandHeaders(r.headers, x) } };
    }
    case 'jwks':
      if (!t.endpoints.jwks) throw new TemplateError('the target publishes no jwks_uri');
      return { method: 'GET', url: t.endpoints.jwks, headers: { accept: 'application/json', ...expandHeaders(r.headers, x) } };
    case 'resource': {
      if (!t.endpoints.resource) throw new TemplateError('the target has no resource URL');
      const token = r.token !== undefined ? x(r.token) : '';
      const url = new URL(t.endpoints.resource);
      const headers = expandHeaders(r.headers, x);
      const where = r.tokenIn ?? 'header';
      if (where === 'header' || where === 'both') headers.authorization = `${r.scheme ?? 'Bearer'} ${token}`;
      if (where === 'query' || where === 'both') url.searchParams.set('access_token', token);
      return { method: r.method ?? 'GET', url: url.href, headers };
    }
    case 'raw': {
      const req: HttpRequest = { method: r.method!, url: x(r.url!), headers: expandHeaders(r.headers, x) };
      if (r.body !== undefined) req.body = x(r.body);
      return req;
    }
  }
}

function expandHeaders(h: Record<string, string> | undefined, x: (s: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), x(v)]));
}

/** A form POST carrying client authentication: the token, introspection and revocation endpoints. */
async function authenticatedPost(url: string, base: Form, r: RequestSpec, ctx: BuildContext): Promise<HttpRequest> {
  const t = ctx.target;
  const m = r.mutate;
  let form = base;
  for (const [k, v] of Object.entries(r.params ?? {})) form = setParam(form, k, v === null ? null : expand(v, ctx.vars));

  let auth: AuthChoice = r.auth ?? 'default';
  const role = r.client ?? (auth === 'private_key_jwt' ? 'privateKey' : 'primary');
  if (auth === 'default')
    auth = role === 'privateKey' ? 'private_key_jwt' : ((t.client.authMethods?.[0] as AuthChoice | undefined) ?? 'client_secret_basic');
  if (has(m, 'no-credentials') || has(m, 'credentials-in-query')) auth = 'none';

  let id: string;
  let secret = '';
  if (role === 'privateKey') {
    if (!ctx.creds.privateKey) throw new TemplateError('the target has no private_key_jwt client');
    id = ctx.creds.privateKey.clientId;
  } else {
    const c = role === 'primary' ? ctx.creds.primary : role === 'second' ? ctx.creds.second : ctx.creds.noGrant;
    if (!c) throw new TemplateError(`the target has no ${role} client`);
    ({ id, secret } = c);
  }
  if (has(m, 'unknown-client')) id = `unknown-${random(12)}`;
  // A wrong secret is random bytes made up here, not a credential: left readable, so "copy as curl" replays it.
  if (has(m, 'wrong-secret')) secret = `wrong-${random(18)}`;
  else ctx.redactor.add(secret, 'client secret');

  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const query: Form = [];
  const basic = (encoding: 'form-urlencoded' | 'raw' = 'form-urlencoded') => {
    headers.authorization = basicAuthorization(id, secret, encoding);
    ctx.redactor.add(headers.authorization, 'authorization');
    ctx.redactor.add(headers.authorization.slice(6), 'authorization');
  };
  if (auth === 'client_secret_basic') basic(has(m, 'basic-raw') ? 'raw' : 'form-urlencoded');
  if (auth === 'client_secret_post') form.push(['client_id', id], ['client_secret', secret]);
  if (auth === 'private_key_jwt') {
    const assertion = await signedAssertion(id, url, assertionMutation(m), ctx);
    const type = assertionMutation(m) === 'wrong-type' ? 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' : ASSERTION_TYPE;
    form.push(['client_id', id], ['client_assertion_type', type], ['client_assertion', assertion]);
    if (assertionMutation(m) === 'two-assertions') form.push(['client_assertion', await signedAssertion(id, url, undefined, ctx)]);
  }
  if (has(m, 'public-client')) form.push(['client_id', id]);
  if (has(m, 'two-auth-methods')) {
    if (auth === 'client_secret_basic') form.push(['client_id', id], ['client_secret', secret]);
    else {
      const c = ctx.creds.primary;
      headers.authorization = basicAuthorization(c.id, c.secret);
      ctx.redactor.add(headers.authorization, 'authorization');
    }
  }
  if (has(m, 'credentials-in-query')) query.push(['client_id', id], ['client_secret', secret]);
  for (const x of m ?? []) {
    if (typeof x === 'object' && 'repeatParam' in x) {
      // Repeat the parameter the request already has; when it has none (e.g. no scope in the target), send it twice.
      const entry = form.find(([k]) => k === x.repeatParam);
      if (entry) form.push([entry[0], entry[1]]);
      else form.push([x.repeatParam, 'x'], [x.repeatParam, 'x']);
    }
  }

  let method = 'POST';
  let body: string | undefined = encodeForm(form);
  if (has(m, 'malformed-encoding')) body = body.replace(/(^|&)grant_type=([^&]*)/, '$1grant_type=$2%G');
  if (has(m, 'json-body')) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(Object.fromEntries(form));
  }
  if (has(m, 'put')) method = 'PUT';
  let target = url;
  if (has(m, 'get')) {
    method = 'GET';
    query.push(...form);
    body = undefined;
    delete headers['content-type'];
  }
  if (query.length) target += (url.includes('?') ? '&' : '?') + encodeForm(query);
  const req: HttpRequest = { method, url: target, headers };
  if (body !== undefined) req.body = body;
  return req;
}

async function signedAssertion(clientId: string, tokenUrl: string, mutation: string | undefined, ctx: BuildContext): Promise<string> {
  const pk = ctx.creds.privateKey;
  if (!pk) throw new TemplateError('the target has no private key for private_key_jwt');
  const now = Math.floor(Date.now() / 1000);
  const wantsIssuer = ctx.target.privateKeyJwt?.audience === 'issuer' || mutation === 'aud-issuer';
  const audience = wantsIssuer && ctx.target.issuer ? ctx.target.issuer : tokenUrl;
  const claims: Record<string, unknown> = {};
  const header: Record<string, unknown> = {};
  switch (mutation) {
    case 'expired':
      Object.assign(claims, { iat: now - 600, exp: now - 300 });
      break;
    case 'wrong-aud':
      claims.aud = 'https://another-as.example/token';
      break;
    case 'wrong-iss':
      claims.iss = `not-${clientId}`;
      break;
    case 'wrong-sub':
      claims.sub = `not-${clientId}`;
      break;
    case 'missing-exp':
      claims.exp = undefined;
      break;
    case 'alg-none':
      header.alg = 'none';
      break;
  }
  let jwt = await clientAssertion({
    clientId,
    jwk: pk.jwk,
    alg: pk.alg,
    ...(pk.kid ? { kid: pk.kid } : {}),
    audience,
    claims,
    header,
    nowSeconds: now,
  });
  if (mutation === 'tampered') jwt = tamperSignature(jwt);
  ctx.redactor.add(jwt, 'client assertion');
  return jwt;
}
