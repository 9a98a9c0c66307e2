// Instant start (issue 10, item 6): generating an RSA-2048 key costs 80–900 ms, an EC key ~1 ms. The mock's
// generated signing keys are therefore made once per process and reused by every instance (each still
// publishes its own kid, keys.ts), and kept across processes in a per-user cache file: never in the project,
// mode 0600 in a directory of mode 0700, used only when it belongs to this user and nobody else can read it.
// `keys: fresh` (--fresh-keys) bypasses both; key rotation and the keys of faults are always fresh.
//
// Location: $IDP_CONFORMANCE_KEY_CACHE (a directory; "off" = no file), else $XDG_CACHE_HOME/idp-conformance,
// else ~/.cache/idp-conformance, else <os.tmpdir()>/idp-conformance-<uid>.
import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export type KeyPair = { privateKey: KeyObject; publicKey: KeyObject };
export type KeyType = 'rsa' | 'ec' | 'ed25519';

const FILE = 'signing-keys.v1.json';
const uid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined);

export function keyCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env.IDP_CONFORMANCE_KEY_CACHE;
  if (own === 'off') return undefined;
  if (own) return own;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'idp-conformance');
  try {
    const home = homedir();
    if (home) return join(home, '.cache', 'idp-conformance');
  } catch {
    // no home directory (a service account): fall through
  }
  return join(tmpdir(), `idp-conformance-${uid() ?? 'user'}`);
}

/** True when a path is this user's and no one else may read or write it (POSIX; always true on Windows). */
function private_(path: string, maxMode: number): boolean {
  const st = statSync(path);
  if (process.platform === 'win32') return true;
  return st.uid === uid() && (st.mode & 0o777 & ~maxMode) === 0;
}

function readCache(dir: string): Partial<Record<KeyType, object>> {
  const file = join(dir, FILE);
  try {
    if (!private_(dir, 0o700) || !private_(file, 0o600)) return {};
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; keys?: Partial<Record<KeyType, object>> };
    return data.version === 1 && data.keys && typeof data.keys === 'object' ? data.keys : {};
  } catch {
    return {};
  }
}

/** Adds a key to the cache file (atomically: a private temp file renamed over it). Failures only cost speed. */
function writeCache(dir: string, type: KeyType, privateKey: KeyObject): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(dir, 0o700)) return;
    const keys = { ...readCache(dir), [type]: privateKey.export({ format: 'jwk' }) };
    const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify({ version: 1, keys }), { mode: 0o600 });
    renameSync(tmp, join(dir, FILE));
  } catch {
    // read-only home, full disk …: the next start generates again
  }
}

function generateFresh(type: KeyType): Promise<KeyPair> {
  switch (type) {
    case 'rsa':
      return generate('rsa', { modulusLength: 2048 });
    case 'ec':
      return generate('ec', { namedCurve: 'P-256' });
    case 'ed25519':
      return generate('ed25519');
  }
}

const shared = new Map<KeyType, Promise<KeyPair>>();

/** The process's key of a type: from the per-user cache file, else generated (and written there). */
export function sharedKeyPair(type: KeyType, generateOne: () => Promise<KeyPair> = () => generateFresh(type)): Promise<KeyPair> {
  let held = shared.get(type);
  if (held) return held;
  held = (async () => {
    const dir = keyCacheDir();
    const jwk = dir ? readCache(dir)[type] : undefined;
    if (jwk) {
      try {
        const privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
        if (privateKey.asymmetricKeyType === type) return { privateKey, publicKey: createPublicKey(privateKey) };
      } catch {
        // a damaged entry: generate a new one below
      }
    }
    const pair = await generateOne();
    if (dir) writeCache(dir, type, pair.privateKey);
    return pair;
  })();
  held.catch(() => shared.delete(type));
  shared.set(type, held);
  return held;
}

/** Forget the process's keys (tests of the cache). */
export function forgetSharedKeys(): void {
  shared.clear();
}
