// The mock over HTTPS (issue #10 item 3): `startMockIdp({ tls: true })` makes a certificate at start for
// localhost / 127.0.0.1 / ::1 signed by a throw-away CA (idp.ca); clients verify it with that CA and nothing else
// (RFC 9700 §2.6 / RFC 6749 §1.6: TLS for every endpoint; RFC 5280 for the certificate itself).
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.ts';
import { generateLocalCertificate } from '../../mock-idp/tls/certificate.ts';
import { basic, CLIENTS, expect, ROOT, startMock, test } from './helpers.ts';

/** node:https with the CA as the only trust anchor (rejectUnauthorized is on by default). */
function httpsRequest(
  url: string,
  ca: string | undefined,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const tokenRequest = {
  method: 'POST',
  headers: { authorization: basic(CLIENTS.harness.id, CLIENTS.harness.secret), 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
};

test('tls: true serves https, and the issuer, metadata and token endpoint all use the https scheme (RFC 8414 §2, RFC 6749 §3.2)', async () => {
  const idp = await startMock({ tls: true });
  try {
    expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.ca).toContain('-----BEGIN CERTIFICATE-----');
    const meta = JSON.parse((await httpsRequest(`${idp.issuer}/.well-known/oauth-authorization-server`, idp.ca)).body);
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.token_endpoint).toMatch(/^https:/);
    expect(meta.jwks_uri).toMatch(/^https:/);
    const token = await httpsRequest(meta.token_endpoint, idp.ca, tokenRequest);
    expect(token.status).toBe(200);
    expect(JSON.parse(token.body).token_type).toBe('Bearer');
    // By name too: the certificate covers localhost (RFC 6125 §6.4 via subjectAltName).
    expect((await httpsRequest(idp.issuer.replace('127.0.0.1', 'localhost') + '/jwks', idp.ca)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('verification stays on: without the CA the handshake fails, and plain http to the port gets no token', async () => {
  const idp = await startMock({ tls: true });
  try {
    await expect(httpsRequest(`${idp.issuer}/jwks`, undefined)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    await expect(fetch(`${idp.issuer.replace('https:', 'http:')}/jwks`)).rejects.toThrow();
    // The listener survives both and still answers a verified client.
    expect((await httpsRequest(`${idp.issuer}/jwks`, idp.ca)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('the generated certificate: a CA (critical basicConstraints, keyCertSign) signing a serverAuth leaf for localhost, 127.0.0.1 and ::1 (RFC 5280 §4.2.1)', () => {
  const pair = generateLocalCertificate();
  const ca = new X509Certificate(pair.ca);
  const leaf = new X509Certificate(pair.cert);
  expect(ca.ca).toBe(true);
  expect(leaf.ca).toBe(false);
  expect(leaf.checkIssued(ca)).toBe(true);
  expect(leaf.verify(ca.publicKey)).toBe(true);
  expect(ca.verify(ca.publicKey)).toBe(true);
  expect(leaf.checkHost('localhost')).toBe('localhost');
  expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
  expect(leaf.checkIP('::1')).toBe('::1');
  expect(leaf.checkHost('example.com')).toBeUndefined();
  expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
  expect(new Date(leaf.validTo).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
  // Each start makes its own CA: trusting one mock's CA trusts no other.
  expect(new X509Certificate(generateLocalCertificate().ca).fingerprint256).not.toBe(ca.fingerprint256);
});

test('openid-client, a certified client, gets a token over https with verification on, trusting only the CA via NODE_EXTRA_CA_CERTS', async () => {
  const idp = await startMock({ tls: true });
  const dir = mkdtempSync(join(tmpdir(), 'idpc-tls-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), idp.ca!);
    // No allowInsecureRequests: openid-client refuses anything but verified https.
    const script = `
      import * as oidc from 'openid-client';
      const config = await oidc.discovery(new URL(process.env.ISSUER), process.env.CLIENT_ID, undefined, oidc.ClientSecretBasic(process.env.CLIENT_SECRET));
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
      console.log(JSON.stringify({ token_endpoint: config.serverMetadata().token_endpoint, token_type: tokens.token_type }));`;
    // Asynchronously: the mock answers from this process's event loop.
    const run = (extra: Record<string, string>) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script],
          {
            cwd: ROOT,
            timeout: 30_000,
            env: { ...process.env, ISSUER: idp.issuer, CLIENT_ID: CLIENTS.harness.id, CLIENT_SECRET: CLIENTS.harness.secret, ...extra },
          },
          (err, stdout, stderr) => resolve({ status: err ? ((err.code as number) ?? 1) : 0, stdout, stderr }),
        ),
      );
    const trusted = await run({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') });
    expect(trusted.status, trusted.stderr).toBe(0);
    expect(JSON.parse(trusted.stdout)).toEqual({ token_endpoint: idp.url('/token'), token_type: 'bearer' });
    const untrusted = await run({});
    expect(untrusted.status).not.toBe(0);
    expect(untrusted.stderr).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|self-signed certificate|unable to verify/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await idp.close();
  }
});

test('tls: { cert, key } serves your own certificate; idp.ca is the ca given with it', async () => {
  const own = generateLocalCertificate();
  const idp = await startMock({ tls: { cert: own.cert, key: own.key, ca: own.ca } });
  try {
    expect(idp.ca).toBe(own.ca);
    expect((await httpsRequest(`${idp.issuer}/jwks`, own.ca)).status).toBe(200);
  } finally {
    await idp.close();
  }
});

test('tls with a bad certificate, a bad key or a key of another certificate refuses to start, naming the option', async () => {
  const a = generateLocalCertificate();
  const b = generateLocalCertificate();
  const start = (tls: { cert: string; key: string }) => startMock({ tls }).then((idp) => idp.close());
  await expect(start({ cert: 'not a certificate', key: a.key })).rejects.toThrow(/^tls\.cert: no PEM certificate/);
  await expect(start({ cert: a.cert, key: 'not a key' })).rejects.toThrow(/^tls\.key: no PEM private key/);
  await expect(start({ cert: a.cert, key: b.key })).rejects.toThrow(
    /tls\.cert, tls\.key: the private key does not belong to the certificate/,
  );
  const broken = a.cert.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
  await expect(start({ cert: broken, key: a.key })).rejects.toBeInstanceOf(InputError);
});
