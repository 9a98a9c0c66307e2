// Common Test Report Format (ctrf-io/ctrf, spec 1.0.0; schemas/ctrf.schema.json): one tests[] entry per check.
// CTRF rejects unknown properties outside `extra`, so our data goes in `labels` and namespaced `extra` keys.
// Status mapping (peers.md §6.2): fail → failed; warn → other/"warning"; skip → skipped; error → failed/"error"
// (could not test is not a pass, and dashboards only alert on failed).
import type { CheckResult, ComplianceReport, Outcome } from '../model.ts';
import { checkSpecUrls, specFamily } from '../spec-urls.ts';

export const CTRF_SPEC_VERSION = '1.0.0';
const NS = 'idp-conformance';

type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

const STATUS: Record<Outcome, { status: CtrfStatus; rawStatus: string }> = {
  pass: { status: 'passed', rawStatus: 'pass' },
  fail: { status: 'failed', rawStatus: 'fail' },
  warn: { status: 'other', rawStatus: 'warning' },
  skip: { status: 'skipped', rawStatus: 'skip' },
  error: { status: 'failed', rawStatus: 'error' },
};

function test(r: CheckResult) {
  const specUrls = checkSpecUrls(r);
  const labels: Record<string, string | string[]> = { checkId: r.checkId, level: r.level, outcome: r.outcome };
  // CTRF label arrays must be non-empty.
  if (r.requirements.length) labels.requirement = r.requirements;
  if (specUrls.length) labels.specUrl = specUrls;
  return {
    name: `${r.checkId}: ${r.title}`,
    ...STATUS[r.outcome],
    // The check's request-response time (schema 1.1 evidence); 0 when it sent nothing.
    duration: Math.round(r.evidence?.elapsedMs ?? 0),
    suite: [r.suite, r.case],
    message: r.message,
    tags: [r.level, ...new Set(r.requirements.map(specFamily))],
    labels,
    type: 'conformance',
    ...(r.suiteFile ? { filePath: r.suiteFile } : {}),
    ...(r.line ? { line: r.line } : {}),
    ...(r.evidence ? { extra: { [`${NS}.evidence`]: r.evidence } } : {}),
  };
}

export function renderCtrf(model: ComplianceReport): string {
  const tests = model.results.map(test);
  const start = Date.parse(model.startedAt);
  const count = (status: CtrfStatus) => tests.filter((t) => t.status === status).length;
  const report = {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    timestamp: model.startedAt,
    generatedBy: `${model.tool.name} ${model.tool.version}`,
    results: {
      tool: { name: model.tool.name, version: model.tool.version },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        suites: new Set(model.results.map((r) => r.suite)).size,
        start,
        stop: start + Math.round(model.durationMs),
        duration: Math.round(model.durationMs),
        extra: { [`${NS}.verdict`]: model.summary.verdict, [`${NS}.summary`]: model.summary },
      },
      tests,
      environment: {
        appName: model.target.name,
        ...(model.target.profile ? { testEnvironment: model.target.profile } : {}),
        extra: { [`${NS}.target`]: model.target, [`${NS}.schemaVersion`]: model.schemaVersion },
      },
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
