// The Playwright Test adapter: one test per case, one test.step per check. Per-check results travel as a redacted
// JSON attachment, which the compliance reporter turns into compliance.json (also after merge-reports of blob
// shards) and the console reporter into one line per case. A failed check is an outcome in that model, not a
// failed Playwright test: Playwright replaces the worker after every failed test, which made a failing run cost
// 2–4× a passing one (issue #12). The test itself fails only on a harness error. With `--reporter list` (Playwright's
// own view) a failed check fails the test again (expect.soft), as that reporter shows nothing else.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CaseRunner, jwksCache, runCase, type CheckRecord } from './execute.ts';
import { CHECKS_ATTACHMENT, type ChecksAttachment } from './attachment.ts';
import { loadSuites } from './suite-loader.ts';
import { capText } from './target-text.ts';
import { limitsOf, resolveCredentials } from './target.ts';
import type { Plan } from './types.ts';

const planFile = process.env.IDP_CONFORMANCE_PLAN;
if (!planFile) throw new Error('IDP_CONFORMANCE_PLAN is not set: run the harness through `idp-conformance run`');
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
const target = plan.target;
const creds = resolveCredentials(target, target.baseDir);
const workers = Math.max(1, Number(process.env.IDP_CONFORMANCE_WORKERS ?? 1));
const base = limitsOf(target);
// The target's request budget is shared by every worker process.
const limits = { ...base, ratePerSecond: base.ratePerSecond > 0 ? base.ratePerSecond / workers : 0 };
const jwks = jwksCache(target, limits);
const checksFailTests = process.env.IDP_CONFORMANCE_REPORTER === 'list';
const targetInfo = { name: target.name, profile: target.profile, ...(target.issuer ? { issuer: target.issuer } : {}) };

for (const suite of loadSuites(plan.suites, plan.repoRoot)) {
  test.describe(suite.spec.id, () => {
    for (const c of suite.spec.cases) {
      const annotation = c.checks.map((k) => ({ type: 'check', description: `${k.id} ${k.level} ${k.requirements.join(' ')}` }));
      test(`${c.id}: ${c.title}`, { tag: [`@${suite.spec.id}`, `@case:${c.id}`], annotation }, async ({}, testInfo) => {
        const runner = new CaseRunner(suite, c, target, creds, limits, jwks);
        const records: CheckRecord[] = [];
        const attach = () => {
          const body: ChecksAttachment = { target: targetInfo, checks: records };
          return testInfo.attach(CHECKS_ATTACHMENT, { body: JSON.stringify(body), contentType: 'application/json' });
        };
        let skipped: string | undefined;
        try {
          skipped = await runCase(runner, records, (check, evaluate) =>
            test.step(`${check.id} [${check.level}] ${check.title}`, async () => {
              const r = await evaluate();
              if (r.outcome === 'warn')
                testInfo.annotations.push({ type: 'warning', description: `${r.checkId} ${r.requirements.join(' ')}: ${r.message}` });
              if (checksFailTests)
                expect
                  .soft(
                    r.outcome === 'fail' || r.outcome === 'error' ? `${r.outcome}: ${r.message}` : 'ok',
                    `${r.checkId} (${r.requirements.join(', ')})`,
                  )
                  .toBe('ok');
            }),
          );
        } catch (err) {
          // Anything unexpected is capped and scrubbed before Playwright prints or stores it; the cause is dropped on
          // purpose (it holds the unredacted target data).
          // eslint-disable-next-line preserve-caught-error
          throw new Error(runner.redactor.redact(capText(err instanceof Error ? (err.stack ?? err.message) : String(err))));
        } finally {
          await attach();
        }
        if (skipped) test.skip(true, skipped);
      });
    }
  });
}
