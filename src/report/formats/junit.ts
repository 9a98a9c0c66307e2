// JUnit XML (testmoapp/junitxml conventions): one <testcase> per check, so GitLab, Jenkins and Azure show each
// requirement. JUnit has no warning state: a SHOULD/MAY warning is a passing testcase with outcome=warn and its
// text in <system-out>, unless the policy is strict, when it becomes a <failure> (peers.md §6.2).
import type { CheckResult, ComplianceReport } from '../model.ts';
import { checkSpecUrls } from '../spec-urls.ts';
import { escapeXml } from './escape.ts';
import { bySuite } from './order.ts';

export interface JunitOptions {
  /** policy.strict: warnings are rendered as failures. */
  strict?: boolean;
}

const attr = (name: string, value: string | number | undefined) => (value === undefined ? '' : ` ${name}="${escapeXml(value)}"`);

function details(r: CheckResult): string {
  const lines = [r.message, `requirements: ${r.requirements.join(', ') || '(none)'}`];
  if (r.evidence) lines.push(`evidence: ${JSON.stringify(r.evidence, null, 2)}`);
  return lines.join('\n');
}

function replay(r: CheckResult): string {
  const e = r.evidence;
  if (!e?.curl) return '';
  return `\n${e.elapsedMs !== undefined ? `elapsed: ${e.elapsedMs} ms\n` : ''}replay: ${e.curl}`;
}

function testcase(r: CheckResult, strict: boolean): string {
  const specUrls = checkSpecUrls(r);
  const props = [
    ['check_id', r.checkId],
    ...r.requirements.map((q) => ['requirement', q]),
    ...specUrls.map((u) => ['spec_url', u]),
    ['level', r.level],
    ['outcome', r.outcome],
  ];
  const out: string[] = [
    `    <testcase${attr('name', `${r.checkId}: ${r.title}`)}${attr('classname', `${r.suite}.${r.case}`)}${attr('file', r.suiteFile)}${attr('line', r.line)} time="${((r.evidence?.elapsedMs ?? 0) / 1000).toFixed(3)}">`,
    '      <properties>',
    ...props.map(([n, v]) => `        <property${attr('name', n)}${attr('value', v)}/>`),
    '      </properties>',
  ];
  const body = escapeXml(details(r));
  if (r.outcome === 'fail' || (r.outcome === 'warn' && strict)) {
    out.push(`      <failure${attr('message', r.message)}${attr('type', r.level)}>${body}</failure>`);
  } else if (r.outcome === 'error') {
    out.push(`      <error${attr('message', r.message)}${attr('type', 'could-not-test')}>${body}</error>`);
  } else if (r.outcome === 'skip') {
    out.push(`      <skipped${attr('message', r.message)}/>`);
  } else if (r.outcome === 'warn') {
    out.push(`      <system-out>${escapeXml(`[${r.level} warning] ${details(r)}${replay(r)}`)}</system-out>`);
  }
  // What a CI reader needs to reproduce a finding: the request's time and the curl line (secrets as $IDP_* variables).
  if ((r.outcome === 'fail' || r.outcome === 'error') && r.evidence?.curl)
    out.push(`      <system-out>${escapeXml(replay(r).trim())}</system-out>`);
  out.push('    </testcase>');
  return out.join('\n');
}

function counts(results: readonly CheckResult[], strict: boolean) {
  return {
    tests: results.length,
    failures: results.filter((r) => r.outcome === 'fail' || (strict && r.outcome === 'warn')).length,
    errors: results.filter((r) => r.outcome === 'error').length,
    skipped: results.filter((r) => r.outcome === 'skip').length,
  };
}

const countAttrs = (c: ReturnType<typeof counts>) =>
  `${attr('tests', c.tests)}${attr('failures', c.failures)}${attr('errors', c.errors)}${attr('skipped', c.skipped)}`;

export function renderJunit(model: ComplianceReport, options: JunitOptions = {}): string {
  const strict = options.strict ?? false;
  const seconds = (model.durationMs / 1000).toFixed(3);
  const suites = [...bySuite(model.results)].map(([suite, results]) => {
    const file = results.find((r) => r.suiteFile)?.suiteFile;
    return [
      `  <testsuite${attr('name', suite)}${countAttrs(counts(results, strict))} time="0"${attr('timestamp', model.startedAt)}${attr('file', file)}>`,
      ...results.map((r) => testcase(r, strict)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', `${model.tool.name} ${model.target.name}`)}${countAttrs(counts(model.results, strict))}${attr('time', seconds)}${attr('timestamp', model.startedAt)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
