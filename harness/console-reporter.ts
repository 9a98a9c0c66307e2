// The default console reporter of `idp-conformance run` (issue #12): one short line per case as it ends, with a
// running counter and, on a terminal, the time left. It reads the same check attachments as the compliance
// reporter and prints no Playwright internals (no code frames, no stack). The end of the run (failures grouped by
// level, skip reasons, the verdict with its coverage) is printed by `run` from compliance.json
// (src/report/formats/console.ts renders both).
import type { FullConfig, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { oneLine, palette, type Palette } from '../src/report/formats/ansi.ts';
import { caseName, renderCaseLine } from '../src/report/formats/console.ts';
import { plural } from '../src/report/summary.ts';
import { readChecks } from './attachment.ts';

export interface ConsoleReporterOptions {
  /** Only the cases with a failure or an error (`run --quiet`). */
  quiet?: boolean;
  /** Colours: decided by `run` for the stream this writes to (NO_COLOR, FORCE_COLOR, a terminal). */
  color?: boolean;
  /** The stream is a terminal: the counter gets an ETA. */
  tty?: boolean;
}

/** The "suite › case" column is padded to the longest name, up to this width. */
const MAX_NAME_WIDTH = 56;

const NOT_COMPLETED: Partial<Record<TestResult['status'], string>> = {
  interrupted: 'interrupted before it completed (run-wide deadline or stop)',
  timedOut: 'exceeded the per-case timeout',
};

function caseOf(test: TestCase): { suite: string; caseId: string } {
  return { suite: test.parent.title || 'unknown', caseId: test.title.split(':')[0]! };
}

export default class ConsoleReporter implements Reporter {
  private readonly options: ConsoleReporterOptions;
  private readonly p: Palette;
  private total = 0;
  private done = 0;
  private nameWidth = 0;
  private started = Date.now();

  constructor(options: ConsoleReporterOptions = {}) {
    this.options = options;
    this.p = palette(Boolean(options.color));
  }

  printsToStdio(): boolean {
    return true;
  }

  // Always stdout: with `run --reporter json`, `run` forwards the runner's stdout to its own stderr, so that its
  // stdout carries the compliance model only.
  private write(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  onBegin(config: FullConfig, suite: Suite): void {
    const tests = suite.allTests();
    this.total = tests.length;
    this.started = Date.now();
    const widest = Math.max(0, ...tests.map((t) => caseName(caseOf(t).suite, caseOf(t).caseId).length));
    this.nameWidth = Math.min(widest, MAX_NAME_WIDTH);
    if (!this.options.quiet && this.total) {
      const suites = new Set(tests.map((t) => caseOf(t).suite)).size;
      this.write(this.p.dim(`Running ${plural(this.total, 'case')} of ${plural(suites, 'suite')} (${plural(config.workers, 'worker')})`));
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.done++;
    const { suite, caseId } = caseOf(test);
    const outcomes = readChecks(result.attachments)?.checks.map((c) => c.outcome) ?? [];
    // The test itself fails only when the harness did (a check's failure is an outcome, not a test failure).
    const broken = result.status !== 'passed' && result.status !== 'skipped';
    const error = broken && (!outcomes.length || result.errors.length) ? this.errorText(result) : undefined;
    const failing = error !== undefined || outcomes.some((o) => o === 'fail' || o === 'error');
    if (this.options.quiet && !failing) return;
    const elapsed = Date.now() - this.started;
    const etaMs = this.options.tty && this.done < this.total ? (elapsed / this.done) * (this.total - this.done) : undefined;
    this.write(
      renderCaseLine(
        {
          index: this.done,
          total: this.total,
          suite,
          case: caseId,
          outcomes,
          ms: result.duration,
          nameWidth: this.nameWidth,
          ...(etaMs !== undefined ? { etaMs } : {}),
          ...(error !== undefined ? { error } : {}),
        },
        this.p,
      ),
    );
  }

  private errorText(result: TestResult): string {
    const first = result.errors[0]?.message;
    if (first) return first.split('\n')[0]!;
    return NOT_COMPLETED[result.status] ?? `did not complete (${result.status})`;
  }

  /** A run-level error (the deadline, a harness that does not load): one line on stderr, never a code frame. */
  onError(error: TestError): void {
    process.stderr.write(`idp-conformance: ${oneLine(error.message ?? error.value ?? 'unknown error', 300)}\n`);
  }

  /** What a worker printed (nothing, normally): passed on as it comes. */
  onStdOut(chunk: string | Buffer): void {
    process.stdout.write(chunk);
  }

  onStdErr(chunk: string | Buffer): void {
    process.stdout.write(chunk);
  }
}
