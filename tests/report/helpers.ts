import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComplianceReport } from '../../src/report/model.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The real CLI entry once main.ts registers `report` and `gate`; until then a stand-in with the same exit mapping. */
export const CLI_ENTRY = join(
  ROOT,
  readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8').includes('gateCommand') ? 'src/cli/main.ts' : 'tests/report/cli-entry.ts',
);
/** tsx's loader by absolute URL, so the CLI runs from any working directory (`--import tsx` resolves from cwd). */
export const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export function writeReport(dir: string, name: string, model: ComplianceReport): string {
  return writeJson(join(dir, name), model);
}
