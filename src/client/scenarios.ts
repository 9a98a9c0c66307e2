// The scenarios of `idp-conformance client` are data: suites/client/*.client.yaml (validated by
// schemas/client-scenario.schema.json) say how long the client runs, the token lifetime, what happens to the IdP
// while it runs (a fault for a while, tokens revoked, the clock moved, keys or the secret rotated) and which checks
// judge the request timeline, with their levels and requirement ids. `--scenario` takes a shipped scenario's id or
// the path of the user's own file.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { InputError } from '../../lib/errors.ts';
import { loadYamlFile } from '../../lib/yaml-file.ts';
import { FAULTS_BY_NAME } from '../../mock-idp/faults/catalogue.ts';
import type { FaultSpec } from '../../mock-idp/faults/engine.ts';
import schema from '../../schemas/client-scenario.schema.json' with { type: 'json' };
import type { Level } from '../report/model.ts';
import type { Expectation } from './checks.ts';

export type ScenarioAction = 'revoke-tokens' | 'advance-clock' | 'rotate-keys' | 'rotate-secret' | 'expire-secret';

export interface ScenarioEvent {
  /** Seconds after the client process started. */
  at: number;
  /** A fault of the mock (docs/faults.md) switched on at `at`… */
  fault?: FaultSpec;
  /** …and off again after this many seconds (default: until the scenario ends). */
  for?: number;
  do?: ScenarioAction;
  /** advance-clock: by how many seconds. */
  seconds?: number;
}

export interface ClientCheck {
  id: string;
  title: string;
  expect: Expectation;
  level: Level;
  requirements: string[];
  /** A bound some judgements take (requests per second, requests after invalid_client). */
  max?: number;
  /** Line of the check in the scenario file (SARIF locations). */
  line?: number;
}

export interface Scenario {
  id: string;
  title: string;
  description?: string;
  /** Seconds the client runs. */
  duration: number;
  /** Lifetime of the tokens the mock issues to the client (set in its configuration: no profile bound applies). */
  tokenLifetime: number;
  events: ScenarioEvent[];
  checks: ClientCheck[];
  /** Path of the scenario file: repository-relative for a shipped one. */
  file: string;
}

export const CLIENT_SUITE_DIR = 'suites/client';

/** The shipped scenarios, in the order they run by default (file names sort: 01-steady.client.yaml …). */
export function shippedScenarioFiles(root: string): string[] {
  return readdirSync(join(root, CLIENT_SUITE_DIR))
    .filter((f) => f.endsWith('.client.yaml'))
    .sort()
    .map((f) => join(CLIENT_SUITE_DIR, f));
}

/** Loads and validates one scenario file (invalid: InputError naming file, line and key: exit 2). */
export function loadScenario(path: string, shown: string): Scenario {
  const { data, lineOf } = loadYamlFile<Omit<Scenario, 'file' | 'events'> & { events?: ScenarioEvent[] }>(path, schema);
  for (const [i, e] of (data.events ?? []).entries()) {
    if (!e.fault === !e.do) throw new InputError(`${path}:${lineOf(['events', i]) ?? 1}: events[${i}]: give either fault or do`);
    if (e.fault && !FAULTS_BY_NAME.has(e.fault.name))
      throw new InputError(
        `${path}:${lineOf(['events', i, 'fault', 'name']) ?? 1}: events[${i}].fault.name: unknown fault "${e.fault.name}"; known faults: ${[...FAULTS_BY_NAME.keys()].join(', ')}`,
      );
    if (e.do === 'advance-clock' && e.seconds === undefined)
      throw new InputError(`${path}:${lineOf(['events', i]) ?? 1}: events[${i}].seconds: advance-clock needs seconds`);
    if (e.at >= data.duration)
      throw new InputError(
        `${path}:${lineOf(['events', i, 'at']) ?? 1}: events[${i}].at: ${e.at} s is not before the end (duration ${data.duration} s)`,
      );
  }
  return {
    ...data,
    events: data.events ?? [],
    checks: data.checks.map((k, j) => ({ ...k, line: lineOf(['checks', j, 'id']) })),
    file: shown,
  };
}

/**
 * The scenarios asked for: each --scenario is a shipped id (`steady`) or a file path; none → every shipped one.
 * An unknown id is an InputError listing the known ones.
 */
export function selectScenarios(root: string, asked: string[] | undefined): Scenario[] {
  const shipped = shippedScenarioFiles(root).map((f) => loadScenario(join(root, f), f));
  if (!asked?.length) return shipped;
  return asked.map((name) => {
    const found = shipped.find((s) => s.id === name);
    if (found) return found;
    const path = resolve(name);
    if (/\.ya?ml$/i.test(name) && existsSync(path)) return loadScenario(path, relative(process.cwd(), path) || basename(path));
    throw new InputError(
      `--scenario: no scenario "${name}"; shipped: ${shipped.map((s) => s.id).join(', ')} (or the path of a .yaml file)`,
    );
  });
}
