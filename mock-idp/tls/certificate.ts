// A certificate for the mock's HTTPS listener, made at start with node:crypto alone (no openssl binary, no
// dependency): a throw-away CA (the one file a client is told to trust) and a server certificate it signs for
// localhost, 127.0.0.1 and ::1 (plus the listening host). ECDSA P-256 keys: generated in about a millisecond.
// The CA key is never written anywhere and dies with the process. Profile: RFC 5280 §4.1, with the extensions
// strict verifiers demand (Python 3.13's VERIFY_X509_STRICT: a critical basicConstraints on the CA, key
// identifiers, SAN on the leaf).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, boolean, explicit, implicit, integer, octetString, oid, sequence, set, time, utf8String } from './der.ts';

export interface LocalCertificate {
  /** PEM of the CA certificate: what a client trusts (NODE_EXTRA_CA_CERTS, curl --cacert, undici `ca`). */
  ca: string;
  /** PEM of the server certificate followed by the CA (the chain the server sends). */
  cert: string;
  /** PEM (PKCS #8) of the server certificate's private key. */
  key: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};
/** Valid from an hour ago (clock skew) for 30 days: longer than any mock run, short enough to be harmless. */
const VALIDITY_MS = { before: 3_600_000, after: 30 * 86_400_000 };

/** The names every local certificate covers, plus the host the mock listens on (when it is not a wildcard). */
export function localNames(host?: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (host && !['0.0.0.0', '::', ''].includes(host) && !names.includes(host)) names.push(host);
  return names;
}

export function generateLocalCertificate(names: string[] = localNames(), now = new Date()): LocalCertificate {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leafKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const suffix = randomBytes(4).toString('hex');
  const caName = `idp-conformance mock CA ${suffix}`;
  const caKeyId = keyIdentifier(caKeys.publicKey);
  const validity = { from: new Date(now.getTime() - VALIDITY_MS.before), to: new Date(now.getTime() + VALIDITY_MS.after) };
  const ca = certificate({
    subject: caName,
    issuer: caName,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    validity,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true), integer(0))), // cA, pathLenConstraint 0
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
    ],
  });
  const leaf = certificate({
    subject: names[0]!,
    issuer: caName,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    validity,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature (ECDHE-ECDSA)
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(...names.map(generalName))),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(leafKeys.publicKey))),
      extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, caKeyId))),
    ],
  });
  return {
    ca: pem('CERTIFICATE', ca),
    cert: pem('CERTIFICATE', leaf) + pem('CERTIFICATE', ca),
    key: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

interface CertificateFields {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  validity: { from: Date; to: Date };
  extensions: Buffer[];
}

/** RFC 5280 §4.1: TBSCertificate (v3), signed with ECDSA-SHA256 (RFC 5758 §3.2, signature DER-encoded). */
function certificate(f: CertificateFields): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never zero-prefixed (§4.1.2.2: at most 20 octets)
  const tbs = sequence(
    explicit(0, integer(2)), // version v3
    integer(serial),
    algorithm,
    name(f.issuer),
    sequence(time(f.validity.from), time(f.validity.to)),
    name(f.subject),
    f.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...f.extensions)),
  );
  const signature = sign('sha256', tbs, { key: f.signingKey, dsaEncoding: 'der' });
  return sequence(tbs, algorithm, bitString(signature));
}

/** A Name with one attribute, the common name. */
const name = (cn: string) => sequence(set(sequence(oid(OID.commonName), utf8String(cn))));

/** Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING } (DER omits a false default). */
const extension = (id: string, critical: boolean, value: Buffer) =>
  critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));

/** SAN GeneralName: iPAddress [7] (4 or 16 octets) for an address, dNSName [2] otherwise. */
function generalName(n: string): Buffer {
  if (isIP(n) === 4) return implicit(7, Buffer.from(n.split('.').map(Number)));
  if (isIP(n) === 6) return implicit(7, ipv6Bytes(n));
  return implicit(2, Buffer.from(n, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits (an identifier, not a security function). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For P-256 the SPKI is the 26-byte AlgorithmIdentifier header then the BIT STRING (tag, length, 0 unused).
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;
}
