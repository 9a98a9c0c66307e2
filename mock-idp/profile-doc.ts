// The README's "Vendor profile reference": a table per profile, generated from fixtures/profiles/*.yaml
// (npm run docs:profiles) so the tables cannot drift from the data the mock runs on;
// tests/profiles/docs-and-input.spec.ts fails when the README section is stale.
import { describeProfile, profileNames, type BehaviourRow, type QuirkRow } from './profile.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown) => (value === undefined ? '' : `\`${cell(JSON.stringify(value))}\``);
const links = (sources: { title: string; url: string }[]) => sources.map((s) => `[${cell(s.title)}](${s.url})`).join('<br>');

function behaviourRow(b: BehaviourRow): string {
  const value = code(b.value) + (b.note ? ` — ${cell(b.note)}` : '');
  return `| \`${b.path}\` | ${value} | ${b.evidence} | ${links(b.sources)} | ${code(b.strict)} |`;
}

function quirkRow(q: QuirkRow): string {
  const sets = Object.entries(q.set)
    .map(([path, v]) => `\`${path}\` = ${code(v)}`)
    .join('<br>');
  return `| \`${q.name}\` | ${cell(q.description)}${q.note ? ` ${cell(q.note)}` : ''} | ${sets} | ${q.evidence} | ${links(q.sources)} |`;
}

/** Where the generated section sits in README.md. */
export const PROFILES_BEGIN =
  '<!-- profiles:begin — generated from fixtures/profiles/*.yaml by `npm run docs:profiles`; do not edit by hand -->';
export const PROFILES_END = '<!-- profiles:end -->';

/** README.md with its profile section replaced by the current one. */
export function spliceProfilesSection(readme: string): string {
  const begin = readme.indexOf(PROFILES_BEGIN);
  const end = readme.indexOf(PROFILES_END);
  if (begin === -1 || end < begin) throw new Error('README.md has no profiles:begin / profiles:end markers');
  return `${readme.slice(0, begin)}${PROFILES_BEGIN}\n${renderProfilesDoc()}${readme.slice(end)}`;
}

export function renderProfilesDoc(): string {
  const out: string[] = [
    '## Vendor profile reference',
    '',
    'Select one with `idp-conformance mock --profile NAME`, `profile: NAME` in the mock config, or',
    '`startMockIdp({ profile })`. Each profile is a YAML file in `fixtures/profiles/` validated by',
    '`schemas/profile.schema.json`; a vendor profile extends `generic` and lists what differs. The handlers read',
    'these values; none of them knows a profile by name.',
    '',
    '- **Evidence tags** ([docs/vendor-behaviour.md](docs/vendor-behaviour.md)): `RFC` the RFC says so; `DOC` the vendor documentation',
    '  says so; `DOC-EX` only a vendor doc example shows it; `3P` third parties report it; `INF` inferred; `UNV`',
    "  unverified; `MOCK` the mock's own choice where the vendor is silent.",
    '- **On by default**: a deviation from the RFCs is on by default only with `DOC` evidence (the loader refuses',
    '  anything else). `3P`, `INF`, `UNV` and example-only deviations are **quirks**, off until switched on with',
    '  `--quirk NAME` (or `quirks: [NAME]` in the config).',
    '- **`--strict`** (`strict: true`) replaces every deviation by the value in the last column, keeping the',
    "  profile's paths and defaults; it cannot be combined with quirks.",
    '- Paths are under the issuer (origin + `issuerPath`), except `paths.resource`, which is under the origin.',
    '',
  ];
  for (const name of profileNames()) {
    const p = describeProfile(name);
    out.push(`### \`${p.name}\`: ${p.title}`, '');
    if (p.description) out.push(p.description, '');
    out.push(`File: \`${p.file}\`. Start: \`idp-conformance mock --profile ${p.name}\`.`, '');
    out.push('| Behaviour | Value | Evidence | Source | RFC-exact under `--strict` |', '|---|---|---|---|---|');
    out.push(...p.behaviours.map(behaviourRow), '');
    if (p.quirks.length) {
      out.push(`Quirks of \`${p.name}\` (off by default):`, '');
      out.push('| Quirk | What it does | Sets | Evidence | Source |', '|---|---|---|---|---|');
      out.push(...p.quirks.map(quirkRow), '');
    } else {
      out.push(`\`${p.name}\` has no quirks.`, '');
    }
  }
  // Sources relative to the repository root (e.g. the mock's own defaults) link from the README at the root.
  return out.join('\n').replaceAll('](../', '](');
}
