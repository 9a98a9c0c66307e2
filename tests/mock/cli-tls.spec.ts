// `idp-conformance mock --tls` and `--tls-cert/--tls-key` (issue #10 item 3), through the built CLI: it prints
// an https issuer and the CA file to trust, curl trusts the mock with the printed --cacert, and a bad certificate flag
// exits 2 naming the flag.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLocalCertificate } from '../../mock-idp/tls/certificate.ts';
import { CLIENTS, expect, FIXTURE_CONFIG, startMockCli, test } from './helpers.ts';

/** Starts the CLI; `ready` resolves once the `try:` line is printed. */
const startCli = (args: string[]) => startMockCli(args, (out) => /^try: /m.test(out));

function get(url: string, ca: string | undefined) {
  return new Promise<number>((resolve, reject) =>
    request(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    })
      .on('error', reject)
      .end(),
  );
}

test('mock --tls prints an https issuer and the CA file; curl gets a token with the printed --cacert, verification on', async () => {
  const cli = startCli(['--config', FIXTURE_CONFIG, '--port', '0', '--tls']);
  try {
    const out = await cli.ready;
    const issuer = /^issuer: (\S+)$/m.exec(out)![1]!;
    expect(issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caFile = /^ca: (\S+) \(trust it: NODE_EXTRA_CA_CERTS=\1, curl --cacert \1\)$/m.exec(out)![1]!;
    expect(readFileSync(caFile, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(await get(`${issuer}/jwks`, readFileSync(caFile, 'utf8'))).toBe(200);
    // The try: line's --cacert and URL, as curl uses them (curl verifies against --cacert only).
    const line = /^try: (curl .*)$/m.exec(out)![1]!;
    expect(line).toContain(`--cacert ${caFile} `);
    const tokenUrl = line.split(' ').at(-1)!;
    expect(tokenUrl).toBe(`${issuer}/token`);
    const args = [
      '-s',
      '--fail-with-body',
      '--cacert',
      caFile,
      '-u',
      `${CLIENTS.second.id}:${CLIENTS.second.secret}`,
      '-d',
      'grant_type=client_credentials',
      tokenUrl,
    ];
    const body = await new Promise<string>((resolve, reject) =>
      execFile('curl', args, (err, stdout, stderr) => (err ? reject(new Error(stderr + stdout)) : resolve(stdout))),
    );
    expect(JSON.parse(body).token_type).toBe('Bearer');
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
    // The CA file is removed with the mock.
    expect(existsSync(caFile)).toBe(false);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

test('mock --tls-cert/--tls-key serves the given certificate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-cli-tls-'));
  const own = generateLocalCertificate();
  writeFileSync(join(dir, 'cert.pem'), own.cert);
  writeFileSync(join(dir, 'key.pem'), own.key);
  const cli = startCli(['--config', FIXTURE_CONFIG, '--port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
  try {
    const out = await cli.ready;
    const issuer = /^issuer: (\S+)$/m.exec(out)![1]!;
    expect(out).toContain(`tls: certificate ${join(dir, 'cert.pem')}`);
    expect(await get(`${issuer}/jwks`, own.ca)).toBe(200);
  } finally {
    cli.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mock with a missing, unreadable or mismatched --tls-cert/--tls-key exits 2 naming the flag, and serves nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpc-cli-tls-'));
  const [a, b] = [generateLocalCertificate(), generateLocalCertificate()];
  writeFileSync(join(dir, 'cert.pem'), a.cert);
  writeFileSync(join(dir, 'other-key.pem'), b.key);
  writeFileSync(join(dir, 'garbage.pem'), 'hello');
  const cases: [string[], RegExp][] = [
    [['--tls-cert', join(dir, 'missing.pem'), '--tls-key', join(dir, 'other-key.pem')], /--tls-cert \S*missing\.pem: cannot read: ENOENT/],
    [['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'garbage.pem')], /--tls-key \S*garbage\.pem: no PEM private key/],
    [['--tls-cert', join(dir, 'garbage.pem'), '--tls-key', join(dir, 'other-key.pem')], /--tls-cert \S*garbage\.pem: no PEM certificate/],
    [['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'other-key.pem')], /the private key does not belong to the certificate/],
    [['--tls-cert', join(dir, 'cert.pem')], /--tls-cert: needs --tls-key/],
    [['--tls-key', join(dir, 'other-key.pem')], /--tls-key: needs --tls-cert/],
  ];
  try {
    for (const [flags, message] of cases) {
      const { code, stdout, stderr } = await startCli(['--config', FIXTURE_CONFIG, '--port', '0', ...flags]).exit;
      expect(code, flags.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stdout).not.toContain('issuer:');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
