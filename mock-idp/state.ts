// Durable state (--state FILE): clients with secret hashes and roles, signing keys (mock keys, stored so
// tokens stay verifiable across restarts), revocations and the clock offset, in one JSON file.
// Every write is atomic and durable before it is acknowledged: temp file, fsync, rename, fsync the directory.
// No plaintext secret is ever written; the admin token is not part of the state.
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import schema from '../schemas/admin/state.schema.json' with { type: 'json' };
import { schemaValidator } from '../lib/yaml-file.ts';
import { InputError } from '../lib/errors.ts';
import type { Client } from './clients.ts';
import type { MockContext } from './context.ts';
import { restoreKey, storeKey, type StoredKey } from './keys.ts';
import { formatSecretHash, parseSecretHash } from './secrets.ts';

export const STATE_FORMAT = 'idp-conformance-mock-state';

export interface StoredSecret {
  id: string;
  /** sha256:<hex>; never the value. */
  hash: string;
  description?: string;
  createdAt: number;
  expiresAt?: number;
}

export type StoredClient = Omit<Client, 'secrets'> & { secrets: StoredSecret[] };

export interface StateSnapshot {
  format: typeof STATE_FORMAT;
  version: 1;
  clock: { offsetSeconds: number };
  clients: StoredClient[];
  keys: StoredKey[];
  revoked: { jti: string; exp: number }[];
}

function storeClient(c: Client): StoredClient {
  const { secrets, ...rest } = c;
  return {
    ...rest,
    secrets: secrets.map((s) => ({
      id: s.id,
      hash: formatSecretHash(s.hash),
      description: s.description,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
    })),
  };
}

export function restoreClient(s: StoredClient): Client {
  return {
    ...s,
    secrets: s.secrets.map((x) => ({ ...x, hash: parseSecretHash(x.hash) })),
  };
}

/** The state as it is in memory now. */
export function snapshotOf(ctx: MockContext): StateSnapshot {
  return {
    format: STATE_FORMAT,
    version: 1,
    clock: { offsetSeconds: ctx.clock.offsetSeconds() },
    clients: ctx.clients.list().map(storeClient),
    keys: ctx.keys.all().map(storeKey),
    revoked: ctx.tokens.revokedList(),
  };
}

/** Replace the in-memory state with a snapshot (keys are imported in the background; signing waits). */
export function applySnapshot(ctx: MockContext, snap: StateSnapshot): void {
  ctx.clock.setOffset(snap.clock.offsetSeconds);
  ctx.clients.clear();
  for (const c of snap.clients) ctx.clients.put(restoreClient(c));
  ctx.keys.load(() => Promise.all(snap.keys.map(restoreKey)));
  ctx.tokens.restoreRevoked(snap.revoked);
}

/** The snapshot in a state file, undefined when the file does not exist; a corrupt file is an InputError (exit 2). */
export function readStateFile(file: string): StateSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`state file ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`state file ${file}: not valid JSON (${(err as Error).message}); move it away to start from the config`);
  }
  const validate = schemaValidator(schema);
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new InputError(
      `state file ${file}: ${e?.instancePath || '(root)'}: ${e?.message ?? 'invalid'}; move it away to start from the config`,
    );
  }
  return data as StateSnapshot;
}

async function fsyncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    // Windows cannot open or fsync a directory; rename is already durable enough there.
    if (process.platform !== 'win32') throw err;
  } finally {
    await fh?.close();
  }
}

/** Write a file so that after a crash it holds either the old or the new content, never a mix. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await fsyncDirectory(dirname(file));
}

/**
 * The state file of one mock. persist() resolves once every change made before the call is on disk:
 * writes are serialised, and changes made while a write runs are coalesced into the next one.
 */
export class StateFile {
  readonly path: string;
  private writing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    path: string,
    private readonly snapshot: () => StateSnapshot,
  ) {
    this.path = resolve(path);
  }

  persist(): Promise<void> {
    if (this.queued) return this.queued;
    const previous = this.writing ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        // From here on, a change needs another write: this one snapshots the state as it is now.
        this.queued = undefined;
        return writeFileAtomic(this.path, JSON.stringify(this.snapshot(), null, 1));
      });
    this.queued = next;
    this.writing = next;
    void next.then(
      () => this.settle(next),
      () => this.settle(next),
    );
    return next;
  }

  private settle(p: Promise<void>): void {
    if (this.writing === p) this.writing = undefined;
  }

  /** Temp files left by a process killed during a write: never the state, safe to remove. */
  async removeStaleTempFiles(): Promise<void> {
    const dir = dirname(this.path);
    const pattern = new RegExp(`^${basename(this.path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.tmp$`);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (pattern.test(name)) await unlink(join(dir, name)).catch(() => undefined);
    }
  }
}
