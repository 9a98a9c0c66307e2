// Shared helpers for the admin API tests: a real mock on port 0, JSON requests to /_admin, token requests
// with client_secret_basic (RFC 6749 §2.3.1), and the CLI for the process-level tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockIdp, type MockIdp, type MockIdpOptions } from '../../mock-idp/index.ts';
import { reply, type Reply } from '../mock/helpers.ts';

export { expect, test } from '@playwright/test';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_CONFIG = fileURLToPath(new URL('../../fixtures/mock-idp.yaml', import.meta.url));
export const DAY = 86_400;

/** A mock of its own (tests here move clocks and change clients); the caller closes it. */
export function startMock(options: MockIdpOptions = {}): Promise<MockIdp> {
  return startMockIdp({ config: { clients: [] }, port: 0, ...options });
}

export type { Reply } from '../mock/helpers.ts';

/** JSON request to an admin API at a base URL (a library mock's idp.adminUrl or a CLI mock's). */
async function adminRequest(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return reply(
    await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export function admin(idp: MockIdp, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  return adminRequest(idp.adminUrl!, method, path, body, token);
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** A client_credentials request with client_secret_basic; returns status and JSON body. */
export async function tokenRequest(
  idp: MockIdp,
  id: string,
  secret: string,
  params: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(idp.url(idp.context.settings.paths.token), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }).toString(),
  });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

/** Create a client over HTTP and return its id and one-time secret value. */
export async function createClient(
  idp: MockIdp,
  body: Record<string, unknown> = {},
  token?: string,
): Promise<{ id: string; secret: string; reply: Reply }> {
  const reply = await admin(idp, 'POST', '/clients', body, token);
  if (reply.status !== 201) throw new Error(`create client: ${reply.status} ${reply.text}`);
  return { id: reply.json.client.id, secret: reply.json.secret?.value, reply };
}

export interface CliMock {
  child: ChildProcess;
  /** Base URL (issuer) printed at start. */
  issuer: string;
  adminUrl: string;
  stdout: () => string;
  stderr: () => string;
}

/** Start `idp-conformance mock` (the bundle in dist/) and wait for its "issuer:" line. */
export function startCli(args: string[], env: Record<string, string> = {}): Promise<CliMock> {
  const child = spawn(process.execPath, ['bin/idp-conformance.js', 'mock', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${out} ${err}`)), 20_000);
    const check = () => {
      const issuer = /^issuer: (\S+)$/m.exec(out)?.[1];
      const adminUrl = /^admin: (\S+)/m.exec(out)?.[1];
      if (issuer && adminUrl) {
        clearTimeout(timer);
        resolve({ child, issuer, adminUrl, stdout: () => out, stderr: () => err });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited with ${code}: ${out} ${err}`));
    });
  });
}

/** Run the CLI to completion (for start-up refusals): exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/idp-conformance.js', 'mock', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** JSON request to a CLI mock's admin API (no idp object in this process). */
export function cliAdmin(m: CliMock, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  return adminRequest(m.adminUrl, method, path, body, token);
}
