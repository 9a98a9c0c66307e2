// Secrets never leave (issue #4): after the full suites ran against a mock whose issued tokens the test
// records, no output file holds a client secret, a Basic credential, an issued token or a client assertion,
// raw or Base64-, base64url- or URL-encoded: in the messages, the evidence of both sides and the curl lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { basicAuthorization } from '../../harness/client-auth.ts';
import type { ComplianceReport } from '../../src/report/model.ts';
import { encodedForms } from '../../src/report/redact.ts';
import { filesUnder, run, SECRETS, startMock, tempDir, writeTarget } from './helpers.ts';

test.setTimeout(180_000);

test('no secret, Basic header, token or client assertion appears in the console or any report or test-results file (RFC 6749 §10.3, §2.3.1)', async () => {
  const mock = await startMock();
  const issued: string[] = [];
  const tokens = mock.context.tokens;
  const issue = tokens.issue.bind(tokens);
  tokens.issue = async (req) => {
    const out = await issue(req);
    issued.push(out.token);
    return out;
  };
  try {
    const dir = tempDir('leak');
    const target = writeTarget(mock, dir);
    const reportDir = join(dir, 'report');
    let consoleText = '';
    // The list reporter (not quiet) prints every case title and every failure message.
    const { code, log } = await run({ reportDir, target, sarif: true, quiet: false, output: (t) => (consoleText += t) });
    consoleText += log.join('\n');
    expect(code).toBe(0);
    expect(issued.length).toBeGreaterThan(200);

    const needles = new Map<string, string>();
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const form of encodedForms(secret)) needles.set(form, `${name} secret`);
    }
    for (const [id, secret] of [
      ['harness-client', SECRETS.primary],
      ['harness-client-2', SECRETS.second],
    ] as const) {
      const basic = basicAuthorization(id, secret);
      needles.set(basic.slice('Basic '.length), `${id} Basic credential`);
      needles.set(basicAuthorization(id, secret, 'raw').slice('Basic '.length), `${id} raw Basic credential`);
    }
    for (const t of issued) for (const form of encodedForms(t)) needles.set(form, 'issued token');

    const files = filesUnder(reportDir);
    expect(files.some((f) => f.endsWith('compliance.json'))).toBe(true);
    expect(files.some((f) => f.includes('test-results'))).toBe(true);
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file).toString('latin1') + readFileSync(file, 'utf8');
      for (const [needle, what] of needles) if (text.includes(needle)) hits.push(`${file}: ${what}`);
      // Client assertions are built in the workers; any compact JWS left in a file would be one (or a token).
      if (/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./.test(text)) hits.push(`${file}: a JWT-shaped value`);
    }
    for (const [needle, what] of needles) if (consoleText.includes(needle)) hits.push(`console: ${what}`);
    expect(consoleText).toContain('passed');
    expect(hits).toEqual([]);
    // The scan above read the request side and the curl lines too (schema 1.1, issue #12): they are there, and
    // each credential in them is a marker or a $IDP_* variable.
    const model = JSON.parse(readFileSync(join(reportDir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const evidence = model.results.flatMap((r) => (r.evidence?.request && r.evidence.curl ? [r.evidence] : []));
    expect(evidence.length).toBeGreaterThan(150);
    const curls = evidence.map((e) => e.curl!).join('\n');
    for (const variable of ['$IDP_CLIENT_SECRET', '$IDP_SECOND_CLIENT_SECRET', '$IDP_ACCESS_TOKEN', '$IDP_CLIENT_ASSERTION']) {
      expect(curls).toContain(variable);
    }
    expect(evidence.some((e) => e.request!.headers.authorization === 'Basic [redacted:authorization]')).toBe(true);
    expect(evidence.some((e) => e.request!.form?.client_secret === '[redacted:client secret]')).toBe(true);
  } finally {
    await mock.close();
  }
});
