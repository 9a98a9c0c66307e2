// Switches faults on and off (config `faults:` at start, the admin API at run time), decides per request
// which of them fire, and carries that decision through the request with AsyncLocalStorage so the hooks in
// respond.ts, tokens.ts, client-auth.ts … can ask without every call site passing it along.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { InputError } from '../../lib/errors.ts';
import { FAULTS, FAULTS_BY_NAME, type FaultDefinition, type FaultHooks, type FaultParams } from './catalogue.ts';
import type { FaultFlag } from './types.ts';
import { Scheduler, type Schedule } from './schedule.ts';

export interface FaultSpec extends FaultParams {
  name: string;
  /** Endpoints (token, jwks, metadata, introspection, revocation, resource) it applies to; default: the fault's own. */
  endpoints?: string[];
  when?: Schedule;
}

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  definition: FaultDefinition;
  endpoints: string[];
  scheduler: Scheduler;
  hooks: FaultHooks;
}

const scope = new AsyncLocalStorage<FaultHooks[]>();

/** The hooks of the faults that fired for the request being handled (empty outside a faulty request). */
export function firedFaults(): FaultHooks[] {
  return scope.getStore() ?? [];
}

export function faultFlag(flag: FaultFlag): boolean {
  return firedFaults().some((h) => h[flag] === true);
}

/** A fired fault refuses this client authentication method (client-auth.ts). */
export function faultRefusesAuthMethod(method: string): boolean {
  return firedFaults().some((h) => h.refuseAuthMethods?.includes(method));
}

export class FaultEngine {
  private active: ActiveFault[] = [];

  constructor(private readonly now: () => number) {}

  static catalogue(): FaultDefinition[] {
    return FAULTS;
  }

  enable(spec: FaultSpec): ActiveFault {
    const definition = FAULTS_BY_NAME.get(spec.name);
    if (!definition) throw new InputError(`unknown fault "${spec.name}"; known faults: ${FAULTS.map((f) => f.name).join(', ')}`);
    const fault: ActiveFault = {
      id: randomUUID(),
      spec,
      definition,
      endpoints: spec.endpoints ?? definition.endpoints,
      scheduler: new Scheduler(spec.when ?? {}, this.now()),
      hooks: definition.hooks(spec),
    };
    this.active.push(fault);
    return fault;
  }

  disable(idOrName: string): boolean {
    const before = this.active.length;
    this.active = this.active.filter((f) => f.id !== idOrName && f.spec.name !== idOrName);
    return this.active.length !== before;
  }

  clear(): void {
    this.active = [];
  }

  list(): { id: string; name: string; endpoints: string[]; when: Schedule; seen: number; fired: number }[] {
    return this.active.map((f) => ({
      id: f.id,
      name: f.spec.name,
      endpoints: f.endpoints,
      when: f.spec.when ?? {},
      ...f.scheduler.stats(),
    }));
  }

  get enabled(): boolean {
    return this.active.length > 0;
  }

  /** The faults that fire for one request to an endpoint (each schedule counts the request once). */
  select(endpoint: string): FaultHooks[] {
    if (!this.active.length) return [];
    const now = this.now();
    const fired: FaultHooks[] = [];
    for (const f of this.active) {
      if (f.endpoints.length && !f.endpoints.includes(endpoint)) continue;
      if (f.scheduler.next(now)) fired.push(f.hooks);
    }
    return fired;
  }

  run<T>(fired: FaultHooks[], fn: () => T): T {
    return scope.run(fired, fn);
  }
}
