import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReport } from '../../src/report/model.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The CLI as users run it (`npx idp-conformance` → bin/, the bundle `npm test` builds first). */
export const CLI_ENTRY = join(ROOT, 'bin', 'idp-conformance.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export function writeReport(dir: string, name: string, model: ComplianceReport): string {
  return writeJson(join(dir, name), model);
}
