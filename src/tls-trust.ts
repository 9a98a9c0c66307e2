// `run --tls` and the mutation runner serve the embedded mock over HTTPS, so the harness's https-scheme checks
// (RFC 8414 §2, RFC 6749 §3.1/§3.2) judge it instead of being skipped. The harness talks to the mock with
// fetch, which trusts only the CAs the process started with: Node 20 reads NODE_EXTRA_CA_CERTS once, at start,
// and has no tls.setDefaultCACertificates. So the certificate is made first, in a private directory, and the
// processes that talk to the mock are started trusting its CA: a command re-runs itself once in a child
// (rerunTrusting), the test runner sets it before its workers start (playwright.config.ts), and `run` hands it
// to its Playwright workers with the rest of their environment.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLocalCertificate, localNames } from '../mock-idp/tls/certificate.ts';
import type { TlsFiles } from '../mock-idp/tls/index.ts';
import { OWN_GROUP } from '../lib/process-group.ts';

/** The directory holding ca.pem, cert.pem and key.pem of the certificate this process trusts. */
export const TRUSTED_TLS_ENV = 'IDP_CONFORMANCE_TRUSTED_TLS';

export interface TrustedTls {
  /** The certificate (chain), its key and the CA, for startMockIdp({ tls }). */
  files: TlsFiles;
  /** What a child process needs to trust it too. */
  env: Record<string, string>;
}

/** The certificate this process was started trusting (its CA is in NODE_EXTRA_CA_CERTS), or undefined. */
export function trustedTls(env: NodeJS.ProcessEnv = process.env): TrustedTls | undefined {
  const dir = env[TRUSTED_TLS_ENV];
  if (!dir || env.NODE_EXTRA_CA_CERTS !== join(dir, 'ca.pem') || !existsSync(join(dir, 'key.pem'))) return undefined;
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    files: { cert: read('cert.pem'), key: read('key.pem'), ca: read('ca.pem') },
    env: { [TRUSTED_TLS_ENV]: dir, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') },
  };
}

/**
 * A new certificate for localhost, 127.0.0.1 and ::1 in a new 0700 directory (key 0600); the environment that makes
 * a process started with it trust the certificate. CAs already in NODE_EXTRA_CA_CERTS stay trusted.
 */
export function makeTrustedTls(env: NodeJS.ProcessEnv = process.env): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'idp-conformance-tls-'));
  const made = generateLocalCertificate(localNames());
  let caBundle = made.ca;
  if (env.NODE_EXTRA_CA_CERTS && existsSync(env.NODE_EXTRA_CA_CERTS)) caBundle += `\n${readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8')}`;
  writeFileSync(join(dir, 'ca.pem'), caBundle, { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), made.cert, { mode: 0o600 });
  writeFileSync(join(dir, 'key.pem'), made.key, { mode: 0o600 });
  return { dir, env: { [TRUSTED_TLS_ENV]: dir, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } };
}

/**
 * Runs this same command (same Node flags, same arguments) again in a child process that trusts a new certificate,
 * and resolves to its exit code. SIGINT and SIGTERM are passed on once; the certificate's directory is removed at the end.
 */
export function rerunTrusting(): Promise<number> {
  const trust = makeTrustedTls();
  return new Promise((resolve, reject) => {
    // Its own process group, as src/run.ts starts Playwright: a Ctrl-C reaches it once, passed on from here (twice
    // would make Playwright stop at once, without writing what was evaluated).
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, ...trust.env },
      stdio: 'inherit',
      ...OWN_GROUP,
    });
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', pass).on('SIGTERM', pass);
    const done = () => {
      process.off('SIGINT', pass).off('SIGTERM', pass);
      rmSync(trust.dir, { recursive: true, force: true });
    };
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('close', (code, signal) => {
      done();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
