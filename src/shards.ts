// Sharded runs (`run --shard i/n`, `run --merge DIR… | GLOB`): find every shard's blob report in the folders
// and globs given, and tell each shard the exact command that merges all of them (issue #12).
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../lib/errors.ts';

/** `*` and `?` within one path segment (the shell's meaning); the matches of each segment in name order. */
export function expandGlob(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  const absolute = resolve(pattern);
  const parts = absolute.split(sep);
  let found = [parts[0] || sep];
  for (const part of parts.slice(1)) {
    if (!part) continue;
    if (!/[*?]/.test(part)) {
      found = found.map((d) => join(d, part)).filter((p) => existsSync(p));
      continue;
    }
    const re = new RegExp(
      `^${part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    found = found.flatMap((d) => {
      try {
        return readdirSync(d)
          .filter((n) => re.test(n))
          .sort()
          .map((n) => join(d, n));
      } catch {
        return [];
      }
    });
  }
  return found;
}

/** A shard's blob files: in the folder itself, or in its blob-report/ (a shard's --report-dir). */
function blobsIn(dir: string): string[] {
  for (const d of [dir, join(dir, 'blob-report')]) {
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    const zips = readdirSync(d)
      .filter((n) => n.endsWith('.zip'))
      .sort()
      .map((n) => join(d, n));
    if (zips.length) return zips;
  }
  return [];
}

/**
 * Copy the blob reports of every folder (or glob) into `into`, one file per shard, for `playwright merge-reports`.
 * Invalid input when a folder or glob holds none.
 */
export function gatherBlobs(inputs: string[], into: string): number {
  let n = 0;
  for (const input of inputs) {
    const dirs = expandGlob(input);
    const blobs = dirs.flatMap(blobsIn);
    if (!blobs.length)
      throw new InputError(
        `--merge ${input}: no blob report (*.zip, written by run --shard) in ${dirs.length ? dirs.join(', ') : 'no folder'}`,
      );
    // Shards on different machines may write files of the same name: keep each one.
    for (const b of blobs) copyFileSync(b, join(into, `${++n}-${basename(b)}`));
  }
  return n;
}

/**
 * The command that merges every shard of the run: the shared blob folder when shards share --report-dir, else
 * the shards' folders when this one's name carries its shard index (reports/shard-1 → reports/shard-1 … shard-n).
 */
export function mergeCommand(reportDir: string, shard: string): string {
  const [i, n] = shard.split('/').map(Number) as [number, number];
  const rel = relative(process.cwd(), reportDir);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : reportDir;
  const name = basename(shown);
  const index = new RegExp(`(^|\\D)${i}(?=\\D|$)`);
  if (n > 1 && index.test(name)) {
    const folders = Array.from({ length: n }, (_, k) => join(dirname(shown), name.replace(index, `$1${k + 1}`)));
    return `npx idp-conformance run --merge ${folders.join(' ')}`;
  }
  return `npx idp-conformance run --merge ${join(shown, 'blob-report')}`;
}
