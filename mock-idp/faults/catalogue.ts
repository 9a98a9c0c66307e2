// The fault catalogue: each fault breaks exactly one behaviour, declared as data plus a small hook. Faults
// prove that every conformance check can fail (npm run mutation), and give client developers an IdP that
// misbehaves on purpose (docs/faults.md). One module per endpoint, as in mock-idp/endpoints/.
import { INTROSPECTION_FAULTS } from './introspection.ts';
import { JWKS_FAULTS } from './jwks.ts';
import { JWT_FAULTS } from './jwt.ts';
import { METADATA_FAULTS } from './metadata.ts';
import { OPERATIONAL_FAULTS } from './operational.ts';
import { RESOURCE_FAULTS } from './resource.ts';
import { REVOCATION_FAULTS } from './revocation.ts';
import { TOKEN_FAULTS } from './token-endpoint.ts';
import type { FaultDefinition } from './types.ts';

export type { AssertionChecks, FaultDefinition, FaultHooks, FaultParams, ResponseDraft, TokenDraft } from './types.ts';

export const FAULTS: FaultDefinition[] = [
  ...TOKEN_FAULTS,
  ...JWT_FAULTS,
  ...INTROSPECTION_FAULTS,
  ...REVOCATION_FAULTS,
  ...RESOURCE_FAULTS,
  ...JWKS_FAULTS,
  ...METADATA_FAULTS,
  ...OPERATIONAL_FAULTS,
];

export const FAULTS_BY_NAME = new Map(FAULTS.map((f) => [f.name, f]));
