// Shipped policies hold against the shipped mock (issue #12): each vendor profile, with the quirks its policy's
// waivers cover switched on (`run --quirk`), passes the gate of fixtures/policies/<profile>.policy.yaml with
// every waiver used — no stale waiver, none matching only skipped checks — and the run ends in one verdict line
// naming the RFC verdict and the gate's.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, tempDir } from './helpers.ts';

test.setTimeout(300_000);

/** Profile → the quirks (fixtures/profiles/<profile>.yaml) that its policy's [3P]/[DOC-EX] waivers describe. */
const QUIRKS: Record<string, string[]> = {
  'aveva-connect': [],
  'oci-iam': ['generic-discovery-issuer', 'generic-token-issuer', 'relative-discovery-urls', 'introspect-endpoint-name'],
  'oracle-integration': ['generic-discovery-issuer', 'generic-token-issuer', 'relative-discovery-urls', 'introspect-endpoint-name'],
  servicenow: ['bad-client-server-error'],
};

/** What the mock does not model yet, so the policy's waiver for it is stale against the mock (issue #12, open). */
const NOT_MODELLED: Record<string, string> = {
  'oci-iam':
    'the mock refuses grant_type=password (BCP-NO-ROPC waived: ROPC supported [DOC]), issues client_id = the client id (JWT-AT-REQUIRED-CLAIMS waived: the application GUID [DOC]) and a boolean introspection active (INTRO-ACTIVE-BOOLEAN [DOC])',
  'oracle-integration': 'as oci-iam: ROPC, client_id GUID and string `active` are not modelled by the mock',
  servicenow:
    'the mock refuses grant_type=password (BCP-NO-ROPC [DOC]); bad-client-server-error also turns private_key_jwt refusals into server_error, which no waiver covers; JWT-AT-REQUIRED-CLAIMS and REVOKE-* waivers match only skipped checks',
};

for (const [profile, quirks] of Object.entries(QUIRKS)) {
  test(`${profile} with ${quirks.length ? quirks.join(', ') : 'no quirks'} passes fixtures/policies/${profile}.policy.yaml, every waiver used`, async () => {
    test.fixme(profile in NOT_MODELLED, NOT_MODELLED[profile]);
    const policy = `fixtures/policies/${profile}.policy.yaml`;
    const res = await cli([
      'run',
      '--profile',
      profile,
      ...quirks.flatMap((q) => ['--quirk', q]),
      '--policy',
      policy,
      '--report-dir',
      join(tempDir(`policy-${profile}`), 'r'),
      '--quiet',
    ]);
    const lines = res.stderr.trim().split('\n');
    expect(lines.filter((l) => /stale waiver|matched only skipped/.test(l))).toEqual([]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^idp-conformance: RFC verdict (not-)?conformant — \\d+ of \\d+ checks evaluated, \\d+ skipped \\([^)]*\\); gate passed with ${policy} \\(0 failing, \\d+ waived\\) → exit 0$`,
      ),
    );
    expect(res.stderr).not.toMatch(/→ conformant|gate FAILED/);
    expect(res.code).toBe(0);
  });
}
