// What the HTTPS listener serves: a certificate made at start (tls: true) or the caller's own PEM chain and key,
// checked before listening so a bad file fails the start (exit 2) naming where it came from.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import { InputError } from '../../lib/errors.ts';
import { generateLocalCertificate, localNames } from './certificate.ts';

/** Your own certificate: PEM text of the chain (server certificate first) and its private key; `ca` to hand out. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca?: string;
}

export interface ServerTls {
  cert: string;
  key: string;
  /** PEM of the CA a client trusts: the generated one, or the `ca` given with your own certificate. */
  ca: string | undefined;
}

/** Where each PEM came from, for the error message (a CLI flag and its file, or the option's name). */
export interface TlsLabels {
  cert: string;
  key: string;
}

export function resolveTls(option: boolean | TlsFiles | undefined, host: string, labels?: TlsLabels): ServerTls | undefined {
  if (!option) return undefined;
  if (option === true) return generateLocalCertificate(localNames(host));
  checkPair(option, labels ?? { cert: 'tls.cert', key: 'tls.key' });
  return { cert: option.cert, key: option.key, ca: option.ca };
}

/** The CLI's --tls-cert / --tls-key: read both files, naming the flag when one cannot be read or parsed. */
export function readTlsFiles(certFile: string, keyFile: string): { files: TlsFiles; labels: TlsLabels } {
  const labels = { cert: `--tls-cert ${certFile}`, key: `--tls-key ${keyFile}` };
  const read = (file: string, label: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`${label}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  return { files: { cert: read(certFile, labels.cert), key: read(keyFile, labels.key) }, labels };
}

function checkPair(files: TlsFiles, labels: TlsLabels): void {
  if (!/-----BEGIN CERTIFICATE-----/.test(files.cert))
    throw new InputError(`${labels.cert}: no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(files.key))
    throw new InputError(`${labels.key}: no PEM private key (-----BEGIN … PRIVATE KEY-----)`);
  try {
    (createRequire(import.meta.url)('node:tls') as typeof Tls).createSecureContext({ cert: files.cert, key: files.key });
  } catch (err) {
    const message = (err as Error).message;
    const which = /key values mismatch/i.test(message)
      ? `${labels.cert}, ${labels.key}: the private key does not belong to the certificate`
      : `${/key/i.test(message) && !/cert/i.test(message) ? labels.key : labels.cert}: ${message}`;
    throw new InputError(which);
  }
}
