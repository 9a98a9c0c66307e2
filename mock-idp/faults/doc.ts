// docs/faults.md, generated from the fault catalogue (npm run docs:faults) so the table cannot drift from the
// faults the mock runs; tests/faults/catalogue.spec.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FAULTS } from './catalogue.ts';
import type { FaultDefinition } from './types.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (f: FaultDefinition) =>
  `| \`${f.name}\` | ${cell(f.description)} | ${f.breaks.join(', ') || '—'} | ${f.endpoints.join(', ') || 'all'} | ${(f.profiles ?? ['generic']).join(', ')} |`;

const GROUPS: [string, (f: FaultDefinition) => boolean][] = [
  ['Token endpoint: responses and errors', (f) => f.endpoints.includes('token') && f.endpoints.length > 1],
  ['Token endpoint', (f) => f.endpoints.length === 1 && f.endpoints[0] === 'token'],
  ['Introspection', (f) => f.endpoints.length === 1 && f.endpoints[0] === 'introspection'],
  ['Revocation', (f) => f.endpoints[0] === 'revocation'],
  ['Protected resource', (f) => f.endpoints[0] === 'resource'],
  ['JWK Set', (f) => f.endpoints[0] === 'jwks'],
  ['Metadata', (f) => f.endpoints[0] === 'metadata'],
];

export function renderFaultsDoc(): string {
  const conformance = FAULTS.filter((f) => f.kind === 'conformance');
  const seen = new Set<string>();
  const sections = GROUPS.map(([title, pick]) => {
    const list = conformance.filter((f) => !seen.has(f.name) && pick(f));
    for (const f of list) seen.add(f.name);
    return list.length
      ? [
          `### ${title}`,
          '',
          '| fault | what it breaks | requirements | endpoints | mutation profiles |',
          '|---|---|---|---|---|',
          ...list.map(row),
          '',
        ]
      : [];
  }).flat();
  const rest = conformance.filter((f) => !seen.has(f.name));
  if (rest.length)
    sections.push(
      '### Other',
      '',
      '| fault | what it breaks | requirements | endpoints | mutation profiles |',
      '|---|---|---|---|---|',
      ...rest.map(row),
      '',
    );
  const operational = FAULTS.filter((f) => f.kind === 'operational');
  return [
    '# Faults',
    '',
    '<!-- Generated from mock-idp/faults/ by `npm run docs:faults`; do not edit by hand. -->',
    '',
    'The mock IdP can break on purpose. Each **conformance fault** breaks exactly one behaviour, so that every check',
    'of the shipped suites can be shown to fail (`npm run mutation`, suites/UNKILLABLE.md); each **operational fault**',
    'breaks the transport or answers for the endpoint, for client developers testing retries, backoff and timeouts.',
    `There are ${conformance.length} conformance and ${operational.length} operational faults.`,
    '',
    'Faults never apply to the admin API (`/_admin`). A fault fires on requests to its endpoints (`token`, `jwks`,',
    '`metadata`, `introspection`, `revocation`, `resource`); an entry may name others.',
    '',
    '## Switching faults on',
    '',
    'In the configuration, at start:',
    '',
    '```yaml',
    'faults:',
    '  - name: unavailable          # 503 temporarily_unavailable with Retry-After',
    '    endpoints: [token]',
    '    retryAfter: 2',
    '    when: { count: 2 }         # the first two token requests fail, then the IdP recovers',
    '  - name: latency',
    '    delayMs: 150',
    '```',
    '',
    'On the command line: `idp-conformance mock --fault wrong-error-code --fault missing-pragma` (every request of',
    "the fault's endpoints). From a test, `startMockIdp({ faults: [{ name: 'rate-limited', retryAfter: 1 }] })`.",
    '',
    'At run time, through the admin API (the body is the same entry as in `faults:`):',
    '',
    '| request | effect |',
    '|---|---|',
    '| `GET /_admin/faults` | `active` (id, name, endpoints, when, `seen` and `fired` counts) and the `catalogue` |',
    '| `POST /_admin/faults` | switch one on; 201 with its id; 400 naming the schema path for a bad body or an unknown fault |',
    '| `DELETE /_admin/faults/{id or name}` | switch off one instance (id) or every instance of a fault (name); 404 if none |',
    '| `DELETE /_admin/faults` | switch every fault off |',
    '',
    '## Schedules (`when`)',
    '',
    '| field | fires |',
    '|---|---|',
    '| (none) | on every matching request |',
    '| `nth: 3` | on the 3rd matching request only ("fail the 3rd request") |',
    '| `count: 2` | on the first 2 matching requests, then never |',
    '| `forSeconds: 30` | during 30 s of the **mock clock** after it was switched on (advance it with `POST /_admin/clock/advance`) |',
    '| `probability: 0.1, seed: 7` | on 10% of matching requests, drawn from a seeded generator: the same requests fail on every run |',
    '',
    'Fields combine (all must allow the request). `seen` counts the matching requests, `fired` those the fault broke.',
    '',
    '## Examples for client developers',
    '',
    '- **Retry with backoff on 429**: `{ name: rate-limited, endpoints: [token], retryAfter: 1, when: { count: 3 } }` —',
    '  the client must wait at least `Retry-After` seconds and get a token on the 4th try.',
    '- **Outage and recovery**: `{ name: unavailable, when: { forSeconds: 30 } }`, then advance the mock clock 30 s.',
    '- **Flaky network**: `{ name: connection-reset, when: { probability: 0.1, seed: 1 } }` — repeatable 10% resets.',
    "- **Timeouts**: `{ name: hang }` (never answers) or `{ name: latency, delayMs: 5000 }` against the client's timeout.",
    '- **Partial reads**: `{ name: truncated-body }` — the client must report a premature close, not a JSON error.',
    '- **Token cache expiry**: `{ name: expires-in-zero }` or `{ name: wrong-default-lifetime }`.',
    '',
    '## Operational faults',
    '',
    '| fault | what it does | parameters |',
    '|---|---|---|',
    ...operational.map(
      (f) =>
        `| \`${f.name}\` | ${cell(f.description)} | ${f.name === 'latency' ? '`delayMs`' : /Retry-After/.test(f.description) ? '`retryAfter`' : '—'} |`,
    ),
    '',
    '## Conformance faults',
    '',
    '"mutation profiles" are the profiles `npm run mutation` and the matrix test (tests/faults/matrix.spec.ts, with the',
    'expected kills in tests/faults/expected-kills.yaml) run the fault in; vendor-only faults break a documented vendor',
    'behaviour. A fault that breaks discovery itself (no token endpoint, metadata 404) is switched on after discovery there,',
    'as the admin API would at run time; with the fault on from the start, `idp-conformance run` exits 2 or 3.',
    '',
    ...sections,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(new URL('../../docs/faults.md', import.meta.url), renderFaultsDoc());
  process.stdout.write('docs/faults.md written\n');
}
