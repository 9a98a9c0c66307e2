// The gate policy file (schemas/policy.schema.json): level → action, strict, maxWarnings and expiring waivers.
// Loaded with the shared YAML loader, so every mistake is reported as "file:line: key: message" (exit 2).
import schema from '../../schemas/policy.schema.json' with { type: 'json' };
import { loadYamlFile, parseYaml, type LoadedYaml } from '../../lib/yaml-file.ts';
import { InputError } from '../../lib/errors.ts';
import type { Level } from '../report/model.ts';

export type GateAction = 'fail' | 'warn' | 'info' | 'ignore';

export interface Waiver {
  check?: string;
  requirement?: string;
  reason: string;
  /** Last day (inclusive, UTC) the waiver applies. */
  expires: string;
  source?: string;
}

export interface GatePolicy {
  description?: string;
  profile?: string;
  levels: Record<Level, GateAction>;
  strict: boolean;
  maxWarnings?: number;
  waivers: Waiver[];
  /** Where the policy came from, for messages ("policy.yaml:12"). */
  file?: string;
  lineOf?: (path: (string | number)[]) => number | undefined;
}

/** RFC 2119 by default: MUST fails, SHOULD warns, MAY is information (docs/requirements.md). */
export const DEFAULT_LEVELS: Record<Level, GateAction> = { MUST: 'fail', SHOULD: 'warn', MAY: 'info' };

export function defaultPolicy(): GatePolicy {
  return { levels: { ...DEFAULT_LEVELS }, strict: false, waivers: [] };
}

type PolicyFile = Partial<Omit<GatePolicy, 'levels'>> & { levels?: Partial<Record<Level, GateAction>> };

function isRealDate(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}

function fromYaml({ data, lineOf }: LoadedYaml<PolicyFile | null>, file: string): GatePolicy {
  const raw = data ?? {};
  const waivers = raw.waivers ?? [];
  waivers.forEach((w, i) => {
    const at = (key: string) => `${file}:${lineOf(['waivers', i, key]) ?? lineOf(['waivers', i]) ?? 1}: waivers[${i}].${key}`;
    if ((w.check === undefined) === (w.requirement === undefined)) {
      throw new InputError(`${at(w.check === undefined ? 'check' : 'requirement')}: name exactly one of "check" or "requirement"`);
    }
    if (!isRealDate(w.expires)) throw new InputError(`${at('expires')}: "${w.expires}" is not a calendar date (YYYY-MM-DD)`);
  });
  return {
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.profile !== undefined ? { profile: raw.profile } : {}),
    levels: { ...DEFAULT_LEVELS, ...raw.levels },
    strict: raw.strict ?? false,
    ...(raw.maxWarnings !== undefined ? { maxWarnings: raw.maxWarnings } : {}),
    waivers,
    file,
    lineOf,
  };
}

export function parsePolicy(text: string, file: string): GatePolicy {
  return fromYaml(parseYaml<PolicyFile | null>(text, file, schema), file);
}

export function loadPolicy(file: string): GatePolicy {
  return fromYaml(loadYamlFile<PolicyFile | null>(file, schema), file);
}
