// interceptIdp: the mock answers a real issuer's URLs inside the process, through nock — no port, no network —
// so application code under test keeps its production URL (https://idcs-….identity.oraclecloud.com,
// https://acme.service-now.com). Every path under the issuer's origin (token, JWKS, discovery, introspection,
// revocation, the sample resource, the admin API) goes to the mock's own server code (http/in-memory.ts); nock
// catches node:http/https and fetch (undici) alike.
import { syncBuiltinESMExports } from 'node:module';
import type { ClientConfig, MockConfig } from './config.ts';
import { InputError } from '../lib/errors.ts';
import { exchange } from './http/in-memory.ts';
import { createMockIdp, type MockIdp, type MockIdpOptions } from './index.ts';

export interface InterceptIdpOptions extends Omit<MockIdpOptions, 'port' | 'host' | 'issuer' | 'tls' | 'tlsLabels'> {
  /** The real issuer whose URLs are answered, e.g. https://idcs-0123.identity.oraclecloud.com (its origin is intercepted). */
  issuer: string;
  /** Clients of the mock (the config's `clients:`, added to those of `config`). */
  clients?: ClientConfig[];
  /** Requests to any other host: 'pass' (default) leaves them alone; 'refuse' fails them (nock's NetConnectNotAllowedError). */
  otherHosts?: 'pass' | 'refuse';
}

export interface InterceptedIdp extends Omit<MockIdp, 'port' | 'ca' | 'close'> {
  /** Removes the interception (and lets other hosts through again); the issuer's URLs then reach the network. */
  restore(): Promise<void>;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export async function interceptIdp(options: InterceptIdpOptions): Promise<InterceptedIdp> {
  const { issuer, clients, otherHosts = 'pass', ...rest } = options;
  let origin: string;
  try {
    const url = new URL(issuer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    origin = url.origin;
  } catch {
    throw new InputError(`interceptIdp: issuer ${JSON.stringify(issuer)} is not an absolute http(s) URL`);
  }
  if (otherHosts !== 'pass' && otherHosts !== 'refuse') throw new InputError(`interceptIdp: otherHosts must be 'pass' or 'refuse'`);
  if (clients && typeof rest.config === 'string')
    throw new InputError('interceptIdp: clients with a config file: put them in the file, or pass the config as an object');
  const config: string | MockConfig | undefined = clients
    ? { ...(rest.config as MockConfig | undefined), clients: [...((rest.config as MockConfig | undefined)?.clients ?? []), ...clients] }
    : rest.config;
  const { idp, server } = await createMockIdp({ ...rest, config, issuer }, false);

  // Loaded on first use: nock patches node:http and fetch as soon as it is imported.
  const { default: nock } = await import('nock');
  if (!nock.isActive()) nock.activate();
  // nock replaces http(s).request / get on the CommonJS module objects; `import { request } from 'node:https'`
  // bindings see the change only after this.
  syncBuiltinESMExports();
  const scope = nock(origin).persist();
  const interceptors = METHODS.map((method) => {
    const interceptor = scope.intercept(() => true, method);
    interceptor.reply(async function (this: { req: { method: string; path: string; headers: Record<string, string> } }, path, body) {
      const res = await exchange(server, {
        method: this.req.method ?? method,
        url: path,
        headers: this.req.headers,
        // nock hands a JSON body over parsed: the mock reads bytes, so it gets them back.
        body: Buffer.from(typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body)),
      });
      return [res.status, res.body, res.rawHeaders];
    });
    return interceptor;
  });
  if (otherHosts === 'refuse') nock.disableNetConnect();

  // The MockIdp API without what a mock with no port lacks (its listener: close, port, ca).
  const api: Omit<MockIdp, 'close' | 'port' | 'ca'> & Partial<Pick<MockIdp, 'close' | 'port' | 'ca'>> = { ...idp };
  delete api.close;
  delete api.port;
  delete api.ca;
  let restored = false;
  return {
    ...api,
    restore: async () => {
      if (restored) return;
      restored = true;
      for (const i of interceptors) nock.removeInterceptor(i);
      if (otherHosts === 'refuse') nock.enableNetConnect();
      // nock stays active while anyone else (the tests' own nock scopes) still has interceptors.
      if (!nock.activeMocks().length) {
        nock.restore();
        syncBuiltinESMExports();
      }
      await idp.close();
    },
  };
}
