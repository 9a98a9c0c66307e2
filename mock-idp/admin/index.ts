// The admin operations as a library API (idp.admin.*): the same functions the HTTP handlers call.
import * as clients from './clients.ts';
import * as clock from './clock.ts';
import * as faults from './faults.ts';
import * as keys from './keys.ts';
import * as log from './log.ts';
import * as profileOps from './profile.ts';
import * as resetOps from './reset.ts';
import * as roles from './roles.ts';
import * as secrets from './secrets.ts';
import * as tokens from './tokens.ts';
import type { FaultSpec } from '../faults/engine.ts';
import type { AdminDeps } from './types.ts';

export type { ClientInput, ClientPatch, ClientView } from './clients.ts';
export type { SecretInput, SecretView, CreatedSecret } from './secrets.ts';
export type { RolesView } from './roles.ts';
export type { KeyView, RotateInput } from './keys.ts';
export type { ClockView } from './clock.ts';
export type { TokenRequestView } from './log.ts';
export type { MintOptions, MintedToken } from './tokens.ts';
export type { ProfileView } from './profile.ts';
export { AdminError } from './errors.ts';
export { adminRoute, ADMIN_PREFIX } from './router.ts';
export type { AdminDeps } from './types.ts';

export function createAdmin(a: AdminDeps) {
  return {
    createClient: (input?: clients.ClientInput) => clients.createClient(a, input),
    getClient: (id: string) => clients.getClient(a, id),
    listClients: (filter?: { owner?: string }) => clients.listClients(a, filter),
    updateClient: (id: string, patch: clients.ClientPatch) => clients.updateClient(a, id, patch),
    deleteClient: (id: string) => clients.deleteClient(a, id),
    enableClient: (id: string) => clients.setClientEnabled(a, id, true),
    disableClient: (id: string) => clients.setClientEnabled(a, id, false),
    addSecret: (clientId: string, input?: secrets.SecretInput) => secrets.addSecret(a, clientId, input),
    listSecrets: (clientId: string) => secrets.listSecrets(a, clientId),
    deleteSecret: (clientId: string, secretId: string) => secrets.deleteSecret(a, clientId, secretId),
    regenerateSecret: (clientId: string, input?: secrets.SecretInput) => secrets.regenerateSecret(a, clientId, input),
    listRoles: (clientId: string) => roles.listRoles(a, clientId),
    addRole: (clientId: string, name: string) => roles.addRole(a, clientId, name),
    removeRole: (clientId: string, name: string) => roles.removeRole(a, clientId, name),
    listKeys: () => keys.listKeys(a),
    rotateKey: (input?: keys.RotateInput) => keys.rotateKey(a, input),
    readClock: () => clock.readClock(a),
    setClock: (now: string | number) => clock.setClock(a, now),
    advanceClock: (by: { seconds?: number; days?: number }) => clock.advanceClock(a, by),
    freezeClock: () => clock.freezeClock(a, true),
    unfreezeClock: () => clock.freezeClock(a, false),
    tokenRequests: (filter?: { clientId?: string; since?: string }) => log.tokenRequests(a, filter),
    clearTokenRequests: () => log.clearTokenRequests(a),
    listFaults: () => faults.listFaults(a),
    enableFault: (spec: FaultSpec) => faults.enableFault(a, spec),
    disableFault: (idOrName: string) => faults.disableFault(a, idOrName),
    clearFaults: () => faults.clearFaults(a),
    readProfile: () => profileOps.readProfile(a),
    reset: () => resetOps.reset(a),
    mintToken: (options?: tokens.MintOptions) => tokens.mintToken(a, options),
  };
}

export type Admin = ReturnType<typeof createAdmin>;
