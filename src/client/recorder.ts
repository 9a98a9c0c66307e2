// The recording proxy of `idp-conformance client`: the user's client talks to it as to the IdP (the mock's issuer is
// the proxy's origin, so discovery leads back here too) and to the protected resource. Every request is forwarded
// to the mock (or to --resource-url) and noted in a timeline: when, what kind, how the client authenticated and
// which token it presented, and what it was answered. The timeline holds no secret and no token: credentials are
// judged as they pass ("Basic, form-urlencoded") and tokens are numbered in the order they were issued.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { formUrlDecode } from '../../lib/form.ts';
import { challengeError } from '../api/cases.ts';

/** How the client's Basic credentials were encoded (RFC 6749 §2.3.1: form-urlencoded, then Base64). */
export type BasicEncoding = 'form-encoded' | 'raw' | 'unrecognised';

export interface Exchange {
  /** Milliseconds from the start of the client process to the request's arrival. */
  at: number;
  /** Milliseconds from the start to the end of the answer (or to the client giving up). */
  end: number;
  kind: 'token' | 'resource' | 'other';
  method: string;
  /** The path, without the query. */
  path: string;
  /** Names of the query parameters (never their values). */
  query: string[];
  contentType?: string;
  /** Token requests: how the client authenticated. */
  auth?: { basic?: BasicEncoding; body: boolean };
  /** Token requests: the form's parameter names, grant_type and scope (no secret value). */
  form?: { names: string[]; grantType?: string; scope?: string };
  /** Resource requests: the number of the token presented (1 = first issued), 0 for one the mock never issued. */
  token?: number;
  /** Resource requests: the token was past its expires_in by this many milliseconds when sent. */
  lateBy?: number;
  /** 0 when no answer was sent (the client gave up or the connection broke first). */
  status: number;
  /** The OAuth error code: the token response's `error`, or the resource's WWW-Authenticate error="…". */
  error?: string;
  /** Retry-After of the answer, in seconds. */
  retryAfter?: number;
  /** Token responses that issued a token: its number and lifetime. */
  issued?: { token: number; expiresIn?: number };
}

export interface RecorderOptions {
  /** The mock's origin (http://127.0.0.1:port), set once it listens. */
  upstream: () => string;
  /** Path of the token endpoint (as the mock serves it). */
  tokenPath: () => string;
  /** Path of the mock's protected resource; requests to it go to `resourceUrl` when given. */
  resourcePath: () => string;
  /** The user's own resource (--resource-url). */
  resourceUrl?: URL;
  clientId: string;
  secret: string;
  /** Told every token issued, as it passes (the redactor keeps it out of every output). */
  onToken?: (token: string) => void;
}

interface IssuedToken {
  number: number;
  /** ms from start when it stops being valid by its expires_in; undefined without expires_in. */
  expiresAt?: number;
  /** Refused by the scenario (revoked, clock moved, key withdrawn): the proxy refuses it for --resource-url. */
  dead?: boolean;
}

const MAX_BODY = 1 << 16;

/** RFC 6749 §2.3.1: client_id and secret form-urlencoded, joined by ':', Base64. */
export function basicEncoding(header: string, clientId: string, secret: string): BasicEncoding {
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const [user, pass] = i < 0 ? [decoded, ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
  if (formUrlDecode(user) === clientId && formUrlDecode(pass) === secret) return 'form-encoded';
  if (user === clientId && pass === secret) return 'raw';
  return 'unrecognised';
}

function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export class Recorder {
  readonly timeline: Exchange[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private server: Server | undefined;
  private started = performance.now();
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly opts: RecorderOptions) {}

  /** Milliseconds since the client process started (the timeline's origin). */
  now(): number {
    return performance.now() - this.started;
  }

  /** The timeline starts now (called as the client process starts). */
  restart(): void {
    this.started = performance.now();
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The tokens issued so far (their values), e.g. to revoke them at the mock. */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Every token issued so far is refused from now on (for --resource-url, where the proxy answers for the API). */
  killIssuedTokens(): void {
    for (const t of this.tokens.values()) t.dead = true;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
    const url = new URL(req.url ?? '/', 'http://proxy');
    const kind = url.pathname === this.opts.tokenPath() ? 'token' : url.pathname === this.opts.resourcePath() ? 'resource' : 'other';
    const e: Exchange = {
      at: this.now(),
      end: 0,
      kind,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: [...new Set(url.searchParams.keys())],
      status: 0,
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
    };
    this.timeline.push(e);
    const body = await readBody(req);
    if (body === undefined) {
      e.end = this.now();
      return;
    }
    if (kind === 'token') this.noteTokenRequest(e, req, body);
    let token: IssuedToken | undefined;
    if (kind === 'resource') {
      const header = req.headers.authorization;
      const presented =
        header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : url.searchParams.get('access_token');
      if (presented) {
        token = this.tokens.get(presented);
        e.token = token?.number ?? 0;
        if (token?.expiresAt !== undefined && e.at > token.expiresAt) e.lateBy = Math.round(e.at - token.expiresAt);
      }
      if (this.opts.resourceUrl && token?.dead) {
        // The user's API cannot know the mock revoked it: answer for it, as a resource that checks would (RFC 6750 §3.1).
        const challenge = 'Bearer error="invalid_token", error_description="the access token was revoked"';
        e.status = 401;
        e.error = 'invalid_token';
        e.end = this.now();
        res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' });
        res.end('{"error":"invalid_token"}');
        return;
      }
    }
    const target =
      kind === 'resource' && this.opts.resourceUrl
        ? new URL(this.opts.resourceUrl.href)
        : new URL(`${url.pathname}${url.search}`, this.opts.upstream());
    if (kind === 'resource' && this.opts.resourceUrl) for (const [k, v] of url.searchParams) target.searchParams.append(k, v);
    this.forward(req, res, body, target, e);
  }

  private noteTokenRequest(e: Exchange, req: IncomingMessage, body: Buffer): void {
    const header = req.headers.authorization;
    const basic = header && /^basic\s+/i.test(header) ? basicEncoding(header, this.opts.clientId, this.opts.secret) : undefined;
    const form = /^application\/x-www-form-urlencoded/i.test(e.contentType ?? '') ? new URLSearchParams(body.toString('utf8')) : undefined;
    e.auth = { ...(basic ? { basic } : {}), body: form?.has('client_secret') ?? false };
    if (form) {
      const scope = form.get('scope');
      const grantType = form.get('grant_type');
      e.form = { names: [...new Set(form.keys())], ...(grantType !== null ? { grantType } : {}), ...(scope !== null ? { scope } : {}) };
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, body: Buffer, target: URL, e: Exchange): void {
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    delete headers.connection;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method: req.method, headers }, (answer) => {
      e.status = answer.statusCode ?? 0;
      const retryAfter = retryAfterSeconds(answer.headers['retry-after']);
      if (retryAfter !== undefined) e.retryAfter = retryAfter;
      const challenge = answer.headers['www-authenticate'];
      if (e.kind === 'resource' && challenge) {
        const error = challengeError(String(challenge));
        if (error) e.error = error;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      answer.on('data', (c: Buffer) => {
        if (e.kind === 'token' && size < MAX_BODY) chunks.push(c);
        size += c.length;
      });
      answer.on('end', () => {
        e.end = this.now();
        if (e.kind === 'token') this.noteTokenResponse(e, Buffer.concat(chunks));
      });
      if (!res.headersSent) res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      e.end = this.now();
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end('{"error":"server_error","error_description":"idp-conformance: the request could not be forwarded"}');
      } else res.destroy();
    });
    // The client gave up (its timeout): the request upstream goes too, and the exchange has no answer.
    res.once('close', () => {
      if (!res.writableFinished) {
        upstream.destroy();
        e.status = 0;
        e.end = this.now();
      }
    });
    upstream.end(body);
  }

  private noteTokenResponse(e: Exchange, body: Buffer): void {
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    if (!json) return;
    if (typeof json.error === 'string') e.error = json.error;
    if (typeof json.access_token === 'string' && e.status === 200) {
      const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : undefined;
      const number = this.tokens.size + 1;
      this.opts.onToken?.(json.access_token);
      this.tokens.set(json.access_token, { number, ...(expiresIn !== undefined ? { expiresAt: e.end + expiresIn * 1000 } : {}) });
      e.issued = { token: number, ...(expiresIn !== undefined ? { expiresIn } : {}) };
    }
  }
}

/** The whole request body (capped); undefined when the client went away first. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}
