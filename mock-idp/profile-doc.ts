// docs/profiles.md, generated from fixtures/profiles/*.yaml (npm run docs:profiles) so the tables cannot
// drift from the data the mock runs on; tests/profiles/docs.spec.ts fails when the file is stale.
import { describeProfile, PROFILE_NAMES, type BehaviourRow, type QuirkRow } from './profile.ts';

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

export function renderProfilesDoc(): string {
  const out: string[] = [
    '<!-- Generated from fixtures/profiles/*.yaml by `npm run docs:profiles`; do not edit by hand. -->',
    '# Vendor profiles of the mock IdP',
    '',
    'Select one with `idp-conformance mock --profile NAME`, `profile: NAME` in the mock config, or',
    '`startMockIdp({ profile })`. Each profile is a YAML file in `fixtures/profiles/` validated by',
    '`schemas/profile.schema.json`; a vendor profile extends `generic` and lists what differs. The handlers read',
    'these values; none of them knows a profile by name.',
    '',
    '- **Evidence tags** (from the requirements catalogue): `RFC` the RFC says so; `DOC` the vendor documentation',
    '  says so; `DOC-EX` only a vendor doc example shows it; `3P` third parties report it; `INF` inferred; `UNV`',
    '  unverified; `MOCK` the mock\'s own choice where the vendor is silent.',
    '- **On by default**: a deviation from the RFCs is on by default only with `DOC` evidence (the loader refuses',
    '  anything else). `3P`, `INF`, `UNV` and example-only deviations are **quirks**, off until switched on with',
    '  `--quirk NAME` (or `quirks: [NAME]` in the config).',
    '- **`--strict`** (`strict: true`) replaces every deviation by the value in the last column, keeping the',
    '  profile\'s paths and defaults; it cannot be combined with quirks.',
    '- Paths are under the issuer (origin + `issuerPath`), except `paths.resource`, which is under the origin.',
    '',
  ];
  for (const name of PROFILE_NAMES) {
    const p = describeProfile(name);
    out.push(`## \`${p.name}\`: ${p.title}`, '');
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
  return out.join('\n');
}
