// The library API: the mock IdP for tests, the harness, and the report model with its renderers and gate.
export { startMockIdp, MockClock, type MockIdp, type MockIdpOptions, type MockConfig } from '../mock-idp/index.ts';
export type { ClientConfig, Endpoints, MintOptions, MintedToken, AccessLogEntry } from '../mock-idp/index.ts';
export type { FaultSpec } from '../mock-idp/faults/engine.ts';
export { startMockTenants, type MockTenants, type MockTenantsOptions, type MockTenant } from '../mock-idp/tenants.ts';
export { interceptIdp, type InterceptIdpOptions, type InterceptedIdp } from '../mock-idp/intercept.ts';
export { runConformance, type RunOptions } from './run.ts';
export type { ComplianceReport, CheckResult, Level, Outcome, Verdict } from './report/model.ts';
export { writeReports } from './report/write.ts';
export { mergeReports } from './report/merge.ts';
export { evaluateGate } from './gate/gate.ts';
export { loadPolicy, defaultPolicy } from './gate/policy.ts';
export { EXIT, HarnessError, InputError } from '../lib/errors.ts';
