// Playwright reporter that turns the per-case check attachments into compliance.json. It only reads
// attachments, so it works unchanged after `playwright merge-reports` of blob shards (peers.md §6.1). A run cut
// short by the run-wide deadline (Playwright's globalTimeout) still gets a report of what was evaluated, with one
// error saying what was not (issue #15).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { COMPLIANCE_SCHEMA_VERSION, type CheckResult, type ComplianceReport } from '../src/report/model.ts';
import { specUrlsFor } from '../src/report/spec-urls.ts';
import { scrubReport } from '../src/report/redact.ts';
import { summarize } from '../src/report/summary.ts';
import { VERSION } from '../lib/version.ts';
import { readChecks, RUN_DEADLINE_CHECK } from './attachment.ts';

const NOT_COMPLETED: Partial<Record<TestResult['status'], string>> = {
  interrupted: 'was interrupted by the run-wide deadline (--timeout) before it completed',
  timedOut: 'exceeded the per-case timeout before it completed',
};

export default class ComplianceReporter implements Reporter {
  private readonly byTest = new Map<string, CheckResult[]>();
  private target: ComplianceReport['target'] | undefined;
  private readonly reportDir: string;
  private globalErrors = 0;
  private planned = 0;

  constructor(options: { reportDir?: string } = {}) {
    this.reportDir = options.reportDir ?? process.env.IDP_CONFORMANCE_REPORT_DIR ?? 'reports';
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.planned = suite.allTests().length;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const body = readChecks(result.attachments);
    if (!body) {
      // A case that crashed before recording anything still shows up, as an error, never silently.
      const caseId = test.title.split(':')[0]!;
      const suite = test.parent.title || 'unknown';
      this.byTest.set(test.id, [
        {
          checkId: `${caseId}.crashed`,
          title: test.title,
          suite,
          case: caseId,
          requirements: [],
          specUrls: [],
          level: 'MUST',
          outcome: 'error',
          message: `the case ${NOT_COMPLETED[result.status] ?? `did not complete (${result.status}); see the Playwright output`}`,
        },
      ]);
      return;
    }
    this.target ??= body.target;
    // The last attempt wins (retries are off by default, but a retried case must not count twice).
    this.byTest.set(
      test.id,
      body.checks.map((c) => ({ ...c, specUrls: specUrlsFor(c.requirements) })),
    );
  }

  onError(): void {
    this.globalErrors++;
  }

  onEnd(result: FullResult): void {
    // The harness failed to load (a global error before any case ran): no compliance.json, so that `run` reports a
    // broken harness (exit 2) instead of a verdict on zero checks.
    // A run cut short by the deadline also reports a global error ("Timed out waiting …"): it still gets its report.
    if (this.globalErrors && !this.byTest.size && result.status !== 'timedout') return;
    const results = [...this.byTest.values(), this.cutShort(result)]
      .flat()
      .sort(
        (a, b) => (a.suiteFile ?? '').localeCompare(b.suiteFile ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.case.localeCompare(b.case),
      );
    const report: ComplianceReport = {
      schemaVersion: COMPLIANCE_SCHEMA_VERSION,
      tool: { name: 'idp-conformance', version: VERSION },
      target: this.target ?? { name: 'unknown' },
      startedAt: result.startTime.toISOString(),
      durationMs: Math.max(0, Math.round(result.duration)),
      summary: summarize(results),
      results,
    };
    // Written once, already scrubbed, and atomically: no moment at which a raw or half-written model is on disk (#13).
    mkdirSync(this.reportDir, { recursive: true });
    const file = join(this.reportDir, 'compliance.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(scrubReport(report), null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  /** The run ended before every case did (deadline, interruption): one error naming how many were not evaluated. */
  private cutShort(result: FullResult): CheckResult[] {
    if (result.status !== 'timedout' && result.status !== 'interrupted') return [];
    const missing = Math.max(0, this.planned - this.byTest.size);
    const why = result.status === 'timedout' ? 'the run-wide deadline (--timeout) passed' : 'the run was interrupted';
    return [
      {
        checkId: RUN_DEADLINE_CHECK,
        title: 'Every case of the run completed',
        suite: 'run',
        case: 'run',
        requirements: [],
        specUrls: [],
        level: 'MUST',
        outcome: 'error',
        message: `${why} after ${Math.round(result.duration / 1000)} s: ${missing} of ${this.planned} cases were not evaluated`,
      },
    ];
  }
}
