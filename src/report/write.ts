// Writes compliance.json and every derived format into one directory. The harness calls this at the end of a
// run, `idp-conformance report` after re-reading (and merging) saved models. Renderers only render the model.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateComplianceReport } from './load.ts';
import type { ComplianceReport } from './model.ts';
import { scrubReport } from './redact.ts';
import { sourceLinkBase } from './source-links.ts';

export const REPORT_FORMATS = ['junit', 'ctrf', 'html', 'markdown', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Written when no formats are named; SARIF is opt-in (it only helps where code scanning is available). */
export const DEFAULT_FORMATS: readonly ReportFormat[] = ['junit', 'ctrf', 'html', 'markdown'];

export const REPORT_FILES: Record<ReportFormat | 'compliance', string> = {
  compliance: 'compliance.json',
  junit: 'junit.xml',
  ctrf: 'ctrf.json',
  html: 'index.html',
  markdown: 'summary.md',
  sarif: 'results.sarif',
};

export interface WriteReportsOptions {
  /** Formats besides compliance.json (always written). Default: junit, ctrf, html, markdown. */
  formats?: readonly ReportFormat[];
  /** Also write results.sarif. */
  sarif?: boolean;
  /** The gate policy's rendering knobs: strict renders SHOULD warnings as JUnit failures. */
  policy?: { strict?: boolean };
  /** The directory the results' suiteFile paths are relative to (default: the working directory), for links. */
  sourceRoot?: string;
}

type RenderOptions = WriteReportsOptions & { dir: string };

const RENDERERS: Record<ReportFormat, (model: ComplianceReport, options: RenderOptions) => Promise<string>> = {
  junit: async (m, o) => (await import('./formats/junit.ts')).renderJunit(m, { strict: o.policy?.strict ?? false }),
  ctrf: async (m) => (await import('./formats/ctrf.ts')).renderCtrf(m),
  html: async (m, o) =>
    (await import('./formats/html.ts')).renderHtml(m, { sourceBase: sourceLinkBase(o.dir, o.sourceRoot ?? process.cwd()) }),
  markdown: async (m) => (await import('./formats/markdown.ts')).renderMarkdown(m),
  sarif: async (m) => (await import('./formats/sarif.ts')).renderSarif(m),
};

/** Parses "junit,html" or "all" (CLI --format); throws on an unknown name. */
export function parseFormats(list: string): ReportFormat[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes('all')) return [...REPORT_FORMATS];
  const unknown = names.filter((n) => !(REPORT_FORMATS as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`unknown report format ${unknown.map((u) => `"${u}"`).join(', ')} (choose from ${REPORT_FORMATS.join(', ')}, all)`);
  return names as ReportFormat[];
}

/**
 * Masks any credential left in the evidence, validates the model against schemas/compliance.schema.json (a
 * harness bug must not produce a report that `gate` later rejects) and writes the files. Returns the paths
 * written, compliance.json first.
 */
export async function writeReports(input: ComplianceReport, dir: string, options: WriteReportsOptions = {}): Promise<string[]> {
  const model = scrubReport(input);
  validateComplianceReport(model, 'compliance model');
  const formats = new Set<ReportFormat>(options.formats ?? DEFAULT_FORMATS);
  if (options.sarif) formats.add('sarif');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text, 'utf8');
    written.push(path);
  };
  await put(REPORT_FILES.compliance, `${JSON.stringify(model, null, 2)}\n`);
  for (const format of REPORT_FORMATS.filter((f) => formats.has(f))) {
    await put(REPORT_FILES[format], await RENDERERS[format](model, { ...options, dir }));
  }
  return written;
}
