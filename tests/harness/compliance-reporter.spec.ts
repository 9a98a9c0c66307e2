// The compliance reporter (harness/compliance-reporter.ts) writes compliance.json once, already scrubbed (issue
// #13: it wrote the raw model and `run` scrubbed it afterwards, so a throw in between left credentials on disk),
// and a run cut short by the run-wide deadline still gets a report of what was evaluated (issue #15).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { CHECKS_ATTACHMENT, type ChecksAttachment } from '../../harness/attachment.ts';
import ComplianceReporter from '../../harness/compliance-reporter.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { tempDir } from './helpers.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQtMSJ9.c2lnbmF0dXJlLXZhbHVl';

function testCase(id: string): TestCase {
  return { id, title: `${id}: a case`, parent: { title: 'suite-a' } } as unknown as TestCase;
}

function resultWith(status: TestResult['status'], checks?: ChecksAttachment['checks']): TestResult {
  const body: ChecksAttachment = { target: { name: 'hostile' }, checks: checks ?? [] };
  const attachments = checks ? [{ name: CHECKS_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) }] : [];
  return { status, attachments } as unknown as TestResult;
}

function end(status: FullResult['status']): FullResult {
  return { status, startTime: new Date(), duration: 12_345 };
}

function begin(reporter: ComplianceReporter, cases: number): void {
  reporter.onBegin({} as FullConfig, { allTests: () => Array.from({ length: cases }, (_, i) => testCase(`c${i}`)) } as unknown as Suite);
}

const leaky: ChecksAttachment['checks'] = [
  {
    checkId: 'cc.leaky',
    title: 'a check whose evidence quotes credentials',
    suite: 'suite-a',
    case: 'c0',
    requirements: ['RFC6749-5.1'],
    level: 'MUST',
    outcome: 'fail',
    message: `the target answered ${JWT}`,
    evidence: {
      url: 'https://idp.example.test/token?client_secret=in-the-query',
      body: { access_token: JWT, client_secret: 'hunter2-plain' },
    },
  },
];

test('compliance.json is written once and already scrubbed: no raw token or secret is ever on disk (RFC 6749 §10.3)', () => {
  const dir = tempDir('reporter');
  const reporter = new ComplianceReporter({ reportDir: dir });
  begin(reporter, 1);
  reporter.onTestEnd(testCase('c0'), resultWith('failed', leaky));
  reporter.onEnd(end('failed'));
  const text = readFileSync(join(dir, 'compliance.json'), 'utf8');
  for (const secret of [JWT, 'hunter2-plain', 'in-the-query']) expect(text).not.toContain(secret);
  const model = JSON.parse(text) as ComplianceReport;
  expect(model.results[0]!.message).toBe('the target answered [redacted:jwt]');
  expect(existsSync(join(dir, 'compliance.json.tmp'))).toBe(false);
});

test('a run cut short by the deadline reports what was evaluated and one error naming the cases that were not (issue #15)', () => {
  const dir = tempDir('reporter');
  const reporter = new ComplianceReporter({ reportDir: dir });
  begin(reporter, 4);
  reporter.onTestEnd(testCase('c0'), resultWith('passed', [{ ...leaky[0]!, outcome: 'pass', message: 'ok' }]));
  reporter.onTestEnd(testCase('c1'), resultWith('interrupted'));
  reporter.onError();
  reporter.onEnd(end('timedout'));
  const model = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport;
  expect(model.results.map((r) => [r.checkId, r.outcome])).toEqual([
    ['cc.leaky', 'pass'],
    ['c1.crashed', 'error'],
    ['run.deadline', 'error'],
  ]);
  expect(model.results.find((r) => r.checkId === 'c1.crashed')!.message).toContain('interrupted by the run-wide deadline');
  expect(model.results.find((r) => r.checkId === 'run.deadline')!.message).toBe(
    'the run-wide deadline (--timeout) passed after 12 s: 2 of 4 cases were not evaluated',
  );
  expect(model.summary.verdict).toBe('could-not-test');
});
