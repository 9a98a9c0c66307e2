// A strict `nodenext` TypeScript consumer of the public API: compiled with `tsc` in the packed-install test.
import {
  EXIT,
  InputError,
  evaluateGate,
  loadPolicy,
  defaultPolicy,
  runConformance,
  startMockIdp,
  writeReports,
  type ComplianceReport,
  type MockIdp,
  type RunOptions,
} from 'idp-conformance';
import { interceptIdp, type InterceptedIdp } from 'idp-conformance';
import { DEFAULT_CLIENT, expect, test, type MockIdpFixtureOptions } from 'idp-conformance/playwright';

const idp: MockIdp = await startMockIdp({ port: 0, profile: 'servicenow', config: { clients: [{ id: 'svc', secret: 'x' }] } });
const issuer: string = idp.issuer;
idp.clock.freeze();
idp.clock.advance(60);
const options: RunOptions = { targetUrl: issuer, clientId: 'svc', clientSecretEnv: 'SVC_SECRET', reportDir: 'reports' };
const run: (o: RunOptions) => Promise<number> = runConformance;
const gate = (report: ComplianceReport) => evaluateGate(report, defaultPolicy()).exitCode;
const codes: number[] = [EXIT.OK, EXIT.NOT_CONFORMANT, EXIT.INVALID_INPUT, EXIT.CANNOT_TEST];
console.log(options, run, gate, codes, loadPolicy, writeReports, new InputError('x').exitCode);
await idp.close();

// The fixture and interceptIdp type-check as the README shows them.
const fixtureOptions: Partial<MockIdpFixtureOptions> = { idpProfile: 'oci-iam', idpTls: true, idpScope: 'test' };
test.use(fixtureOptions);
const fixtureTest = () =>
  test('types', async ({ mockIdp }) => {
    const issuerUrl: string = mockIdp.issuer;
    expect(issuerUrl).toContain(DEFAULT_CLIENT.id);
  });
const intercept: (o: { issuer: string; profile: string }) => Promise<InterceptedIdp> = interceptIdp;
console.log(fixtureTest, intercept);
