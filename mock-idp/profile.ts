// Vendor profiles are data (fixtures/profiles/*.yaml, validated by schemas/profile.schema.json): handlers
// read these values and never branch on a profile's name. This file holds the type and the generic profile.

export interface LifecycleRules {
  /** Token lifetime rules for clients: default seconds and the bounds a client's lifetime must respect. */
  tokenLifetime: { default: number; min?: number; max?: number };
  secrets: {
    /** Most secrets a client may hold side by side. */
    max: number;
    /** Days until a new secret expires when the request names no expiry; null = never expires. */
    defaultExpiryDays: number | null;
    /** "Regenerate" replaces every previous secret at once (Oracle: the old secret is denied). */
    regenerateRevokesPrevious: boolean;
  };
  roles: {
    /** Roles every new client starts with; they cannot be removed (AVEVA "Tenant Member"). */
    default: string[];
  };
  /** Format of generated client ids: uuid, ocid (Oracle credential OCID) or hex32 (ServiceNow). */
  clientIdFormat: 'uuid' | 'ocid' | 'hex32';
  /** Retired signing keys stay in the JWKS this long after a rotation (ServiceNow: 105 days). */
  keyRetentionDays: number;
  /** Most scopes a client may hold (Oracle identity domains: 10 per OAuth 2.0 client credential). */
  maxScopesPerClient?: number;
  /** Most clients one owner may hold (Oracle identity domains: 10 OAuth 2.0 client credentials per user). */
  maxClientsPerOwner?: number;
  /** Cloud realms (config cloudRealm) where clients with an owner cannot be created (Oracle: OC1, OC4). */
  refusedRealms?: string[];
}

export interface Profile {
  name: string;
  lifecycle: LifecycleRules;
}

export const GENERIC_LIFECYCLE: LifecycleRules = {
  tokenLifetime: { default: 3600 },
  secrets: { max: 10, defaultExpiryDays: null, regenerateRevokesPrevious: true },
  roles: { default: [] },
  clientIdFormat: 'uuid',
  keyRetentionDays: 1,
};

export const GENERIC_PROFILE: Profile = { name: 'generic', lifecycle: GENERIC_LIFECYCLE };
