// SARIF 2.1.0 for GitHub code scanning: a defect format, so only fail and warn results are emitted. ruleId is the
// check id, helpUri the spec section, and the location the suite YAML line that declares the check (GitHub
// rejects non-file URIs, so a check without a repo-relative suiteFile gets no location rather than a URL).
import type { CheckResult, ComplianceReport, Level } from '../model.ts';
import { checkSpecUrls } from '../spec-urls.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function sarifLevel(r: CheckResult): 'error' | 'warning' | 'note' {
  const byLevel: Record<Level, 'error' | 'warning' | 'note'> = { MUST: 'error', SHOULD: 'warning', MAY: 'note' };
  const level = byLevel[r.level];
  return r.outcome === 'warn' && level === 'error' ? 'warning' : level;
}

/** Repo-relative, forward slashes; undefined for absolute paths and URLs, which code scanning cannot place. */
export function repoRelative(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (p.startsWith('/') || /^[A-Za-z]:\//.test(p) || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.split('/').includes('..')) return undefined;
  return p;
}

export function renderSarif(model: ComplianceReport): string {
  const findings = model.results.filter((r) => r.outcome === 'fail' || r.outcome === 'warn');
  const rules = new Map<string, object>();
  for (const r of findings) {
    if (rules.has(r.checkId)) continue;
    const helpUri = checkSpecUrls(r)[0];
    rules.set(r.checkId, {
      id: r.checkId,
      name: r.checkId,
      shortDescription: { text: r.title || r.checkId },
      ...(helpUri ? { helpUri, help: { text: `${r.requirements.join(', ')}: ${helpUri}` } } : {}),
      properties: { requirements: r.requirements, level: r.level, tags: ['conformance', r.level, ...r.requirements] },
    });
  }
  const ruleIndex = [...rules.keys()];
  const results = findings.map((r) => {
    const uri = repoRelative(r.suiteFile);
    return {
      ruleId: r.checkId,
      ruleIndex: ruleIndex.indexOf(r.checkId),
      level: sarifLevel(r),
      kind: 'fail',
      message: { text: `${r.title}: ${r.message}${r.requirements.length ? ` (${r.requirements.join(', ')})` : ''}` },
      ...(uri
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
                  ...(r.line ? { region: { startLine: r.line } } : {}),
                },
              },
            ],
          }
        : {}),
      properties: { suite: r.suite, case: r.case, outcome: r.outcome, target: model.target.name },
    };
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: model.tool.name, version: model.tool.version, rules: [...rules.values()] } },
        automationDetails: { id: `${model.tool.name}/${model.target.name}/` },
        invocations: [{ executionSuccessful: model.summary.verdict !== 'could-not-test', startTimeUtc: model.startedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
