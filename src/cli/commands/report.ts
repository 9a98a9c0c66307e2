// `idp-conformance report`: re-render the report formats from saved compliance.json files. Several inputs are
// merged first (sharded runs), so one report covers the whole run.
import { Command } from 'commander';

interface ReportOptions {
  format?: string;
  out: string;
  sarif?: boolean;
  policy?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('render JUnit, CTRF, HTML, Markdown and SARIF reports from compliance.json (several files are merged)')
    .argument(
      '<compliance.json...>',
      'compliance.json files written by `idp-conformance run` or `run --merge`; several are merged into one report',
    )
    .option('-f, --format <list>', 'comma-separated formats: junit,ctrf,html,markdown,sarif or all (default: all but sarif)')
    .option('-o, --out <dir>', 'directory to write the reports to', 'reports')
    .option('--sarif', 'also write results.sarif for code scanning')
    .option('--policy <file>', 'gate policy; `strict: true` renders warnings as JUnit failures')
    .addHelpText(
      'after',
      '\nShards (`run --shard i/n`) write blob reports, not compliance.json: merge them first with\n' +
        "  idp-conformance run --merge DIR… (each shard's --report-dir or blob-report folder, or a glob such as 'reports/shard-*')\n" +
        'which writes one compliance.json and every report format.',
    )
    .exitOverride()
    .action(async (files: string[], opts: ReportOptions) => {
      const [{ InputError }, { loadComplianceReport }, { mergeReports }, { writeReports, parseFormats }, { plural }] = await Promise.all([
        import('../../../lib/errors.ts'),
        import('../../report/load.ts'),
        import('../../report/merge.ts'),
        import('../../report/write.ts'),
        import('../../report/summary.ts'),
      ]);
      let formats;
      try {
        formats = opts.format === undefined ? undefined : parseFormats(opts.format);
      } catch (err) {
        throw new InputError(`--format: ${(err as Error).message}`);
      }
      const policy = opts.policy ? (await import('../../gate/policy.ts')).loadPolicy(opts.policy) : undefined;
      const reports = files.map(loadComplianceReport);
      const model = reports.length === 1 ? reports[0]! : mergeReports(reports);
      const written = await writeReports(model, opts.out, {
        ...(formats ? { formats } : {}),
        ...(opts.sarif ? { sarif: true } : {}),
        ...(policy ? { policy: { strict: policy.strict } } : {}),
      });
      const s = model.summary;
      process.stdout.write(
        `${model.target.name}: ${s.verdict} (${plural(s.total, 'check')}: ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.skipped} skipped, ${plural(s.errors, 'error')})` +
          `${reports.length > 1 ? ` merged from ${reports.length} reports` : ''}\n${written.map((p) => `  wrote ${p}`).join('\n')}\n`,
      );
    });
}
