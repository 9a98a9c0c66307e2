// summary.md for $GITHUB_STEP_SUMMARY and GitLab MR notes: the verdict, counts by level × outcome, then the
// failed checks and SHOULD/MAY warnings with spec links. Tables are capped: step summaries are limited to 1 MiB.
import { LEVELS, type CheckResult, type ComplianceReport, type Outcome, type Verdict } from '../model.ts';
import { specReference } from '../spec-urls.ts';
import { byAttention } from './order.ts';
import { plural } from '../summary.ts';

const MAX_ROWS = 50;

const VERDICT: Record<Verdict, string> = {
  conformant: '✅ conformant',
  'not-conformant': '❌ not conformant',
  'could-not-test': '⚠️ could not test',
};

const COLUMNS: { outcome: Outcome; label: string }[] = [
  { outcome: 'pass', label: 'pass' },
  { outcome: 'fail', label: 'fail' },
  { outcome: 'warn', label: 'warn' },
  { outcome: 'skip', label: 'skip' },
  { outcome: 'error', label: 'error' },
];

/** Table cell text: no line breaks, pipes escaped, markdown/HTML specials neutralised. */
function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .trim();
}

function requirementLinks(r: CheckResult): string {
  if (!r.requirements.length) return r.specUrls.map((u) => `<${u}>`).join(' ');
  return r.requirements
    .map((id, i) => {
      const url = specReference(id)?.url ?? r.specUrls[i];
      return url ? `[${cell(id)}](${url})` : cell(id);
    })
    .join(', ');
}

function table(title: string, results: CheckResult[]): string[] {
  if (!results.length) return [];
  const rows = results
    .slice(0, MAX_ROWS)
    .map(
      (r) =>
        `| \`${r.checkId.replace(/`/g, "'")}\` | ${r.level} | ${requirementLinks(r)} | ${cell(`${r.suite} / ${r.case}`)} | ${cell(r.message)} |`,
    );
  const more = results.length > MAX_ROWS ? [``, `…and ${results.length - MAX_ROWS} more (see index.html).`] : [];
  return [
    `### ${title} (${results.length})`,
    '',
    '| Check | Level | Requirement | Suite / case | Message |',
    '|---|---|---|---|---|',
    ...rows,
    ...more,
    '',
  ];
}

export function renderMarkdown(model: ComplianceReport): string {
  const { summary, target } = model;
  const results = byAttention(model.results);
  const matrix = LEVELS.map((level) => {
    const ofLevel = results.filter((r) => r.level === level);
    return `| ${level} | ${COLUMNS.map((c) => ofLevel.filter((r) => r.outcome === c.outcome).length).join(' | ')} | ${ofLevel.length} |`;
  });
  const findings = [
    ...table(
      'Failed',
      results.filter((r) => r.outcome === 'fail'),
    ),
    ...table(
      'Could not test',
      results.filter((r) => r.outcome === 'error'),
    ),
    ...table(
      'Warnings',
      results.filter((r) => r.outcome === 'warn'),
    ),
  ];
  const about = [
    `**${cell(target.name)}**`,
    target.issuer ? `issuer \`${target.issuer.replace(/`/g, "'")}\`` : '',
    target.profile ? `profile \`${target.profile.replace(/`/g, "'")}\`` : '',
  ].filter(Boolean);
  return [
    `## IdP conformance: ${VERDICT[summary.verdict]}`,
    '',
    `${about.join(' · ')}`,
    '',
    `${plural(summary.total, 'check')}: ${summary.passed} passed, ${summary.failed} failed, ${summary.warned} warned, ${summary.skipped} skipped, ${plural(summary.errors, 'error')} · ${(model.durationMs / 1000).toFixed(1)} s · ${cell(model.tool.name)} ${cell(model.tool.version)} · started ${model.startedAt}`,
    '',
    `| Level | ${COLUMNS.map((c) => c.label).join(' | ')} | total |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|---:|`,
    ...matrix,
    '',
    ...(findings.length ? findings : ['No failed checks, errors or warnings.', '']),
  ].join('\n');
}
