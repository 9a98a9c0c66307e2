// Shared helpers for the mock IdP tests: start a real mock on port 0, speak HTTP to it (fetch, or raw
// sockets for malformed requests), and build client credentials the way RFC 6749 §2.3.1 / App. B says.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { startMockIdp, type MockConfig, type MockIdp, type MockIdpOptions } from '../../mock-idp/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_CONFIG = fileURLToPath(new URL('../../fixtures/mock-idp.yaml', import.meta.url));
export const fixture = (rel: string): string => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

/** Clients of fixtures/mock-idp.yaml (secrets are test fixtures). */
export const CLIENTS = {
  harness: { id: 'harness-client', secret: 's3cr3t:+/ é%&-harness' },
  second: { id: 'harness-client-2', secret: 'second-secret' },
  pkjwt: { id: 'harness-pkjwt' },
  noGrant: { id: 'harness-no-grant', secret: 'no-grant-secret' },
  opaque: { id: 'harness-opaque', secret: 'opaque-secret' },
  public: { id: 'harness-public' },
} as const;

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Start a mock: the fixture config by default; the caller closes it. */
export function startMock(options: MockIdpOptions = {}): Promise<MockIdp> {
  return startMockIdp({ config: FIXTURE_CONFIG, port: 0, ...options });
}

/** A config object with the fixture's clients plus overrides (relative files resolve from cwd = repo root). */
export function configWith(overrides: Partial<MockConfig>): MockConfig {
  return {
    clients: [
      {
        id: CLIENTS.harness.id,
        secret: CLIENTS.harness.secret,
        scopes: ['read', 'write'],
        defaultScopes: ['read'],
        claims: { tenant: 'example' },
      },
      { id: CLIENTS.second.id, secret: CLIENTS.second.secret, scopes: ['read'] },
      { id: CLIENTS.opaque.id, secret: CLIENTS.opaque.secret, scopes: ['read'], tokenFormat: 'opaque' },
    ],
    ...overrides,
  };
}

/** One mock per worker, from the fixture config. Tests that move its clock must use their own mock. */
export const test = base.extend<object, { idp: MockIdp }>({
  idp: [
    async ({}, use) => {
      const idp = await startMock();
      await use(idp);
      await idp.close();
    },
    { scope: 'worker' },
  ],
});
export { expect } from '@playwright/test';

/** application/x-www-form-urlencoded, as RFC 6749 App. B defines it (space → '+'). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** RFC 6749 §2.3.1: Base64(urlencode(id) ":" urlencode(secret)). */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
}

/** Basic without the form-urlencoding step (the raw form several vendors' clients send). */
export function rawBasic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: any;
}

/** Status, headers and body of a response, with the body parsed as JSON when it is JSON. */
export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

type Params = Record<string, string> | [string, string][] | string;

/** POST a form body (a raw string is sent as is) to a path under the issuer. */
export async function postForm(idp: MockIdp, path: string, params: Params, headers: Record<string, string> = {}): Promise<Reply> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return reply(
    await fetch(idp.url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body,
    }),
  );
}

export async function get(idp: MockIdp, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return reply(await fetch(idp.url(path), { method, headers }));
}

/** A client_credentials request with client_secret_basic. */
export function tokenRequest(idp: MockIdp, client: { id: string; secret: string }, params: Record<string, string> = {}): Promise<Reply> {
  return postForm(idp, '/token', { grant_type: 'client_credentials', ...params }, { Authorization: basic(client.id, client.secret) });
}

/** A fresh access token for a client (asserting success). */
export async function accessToken(
  idp: MockIdp,
  client: { id: string; secret: string } = CLIENTS.harness,
  params: Record<string, string> = {},
): Promise<string> {
  const r = await tokenRequest(idp, client, params);
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return r.json.access_token as string;
}

export function claims(jwt: string): JWTPayload {
  return decodeJwt(jwt);
}
export function header(jwt: string) {
  return decodeProtectedHeader(jwt);
}

let pkjwtKey: Promise<CryptoKey | Uint8Array> | undefined;
/** The harness-pkjwt client's ES256 private key (fixtures/keys). */
export function pkjwtPrivateKey(): Promise<CryptoKey | Uint8Array> {
  return (pkjwtKey ??= import(fixture('keys/harness-pkjwt.private.jwk.json'), { with: { type: 'json' } }).then((m) =>
    importJWK(m.default as JWK, 'ES256'),
  ));
}

export interface AssertionOptions {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  /** Seconds from the mock clock's now; null = no exp claim. */
  expIn?: number | null;
  jti?: string | null;
  iat?: number;
  alg?: string;
  key?: CryptoKey | Uint8Array;
  kid?: string;
}

/** An RFC 7523 §3 client assertion for harness-pkjwt, timed by the mock's clock. */
export async function clientAssertion(idp: MockIdp, o: AssertionOptions = {}): Promise<string> {
  const now = idp.clock.now();
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? 'harness-pkjwt-1' })
    .setIssuer(o.iss ?? CLIENTS.pkjwt.id)
    .setSubject(o.sub ?? CLIENTS.pkjwt.id)
    .setAudience(o.aud ?? idp.url('/token'))
    .setIssuedAt(o.iat ?? now);
  if (o.expIn !== null) jwt.setExpirationTime(now + (o.expIn ?? 60));
  if (o.jti !== null) jwt.setJti(o.jti ?? crypto.randomUUID());
  return jwt.sign(o.key ?? (await pkjwtPrivateKey()));
}

export interface RawResult {
  /** Everything the server wrote, latin1-decoded. */
  text: string;
  /** True when the server closed the connection; false when we gave up after timeoutMs. */
  closed: boolean;
  /** How many of the chunks were written before the connection closed. */
  written: number;
}

/** Send raw bytes on a fresh TCP connection (optionally paced); resolve when the server closes it. */
export function rawHttp(
  port: number,
  chunks: (string | Buffer)[],
  opts: { delayMs?: number; timeoutMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const received: Buffer[] = [];
    let written = 0;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(received).toString('latin1'), closed, written });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      done(false);
    }, opts.timeoutMs ?? 5_000);
    socket.on('data', (d) => received.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after the server answered and closed is fine; anything else fails the test.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => done(true));
    socket.connect(port, '127.0.0.1', () => {
      void (async () => {
        for (const c of chunks) {
          if (socket.destroyed) break;
          socket.write(c);
          written++;
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        }
        if (opts.endAfterWrite && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** Status code and parsed JSON body of a raw HTTP/1.1 response. */
export function parseRaw(raw: string): { status: number; headers: string; body: any } {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0);
  const split = raw.indexOf('\r\n\r\n');
  const headers = split === -1 ? raw : raw.slice(0, split);
  const bodyText = split === -1 ? '' : raw.slice(split + 4);
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  return { status, headers, body };
}

/**
 * `idp-conformance mock ARGS` as a user starts it (the built CLI): `ready` resolves with the output once `isReady`
 * holds for it, or rejects when the process exits first; `exit` resolves with the code and output (killed after 30 s).
 */
export function startMockCli(args: string[], isReady: (stdout: string) => boolean) {
  const child = spawn(process.execPath, [`${ROOT}bin/idp-conformance.js`, 'mock', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (isReady(stdout)) resolve(stdout);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    void exit.then((e) => reject(new Error(`mock exited ${e.code}: ${e.stderr}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exit };
}
