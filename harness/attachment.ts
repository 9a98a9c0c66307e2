// The attachment that carries a case's check results from the worker to the compliance reporter.
import type { ComplianceReport } from '../src/report/model.ts';
import type { CheckRecord } from './execute.ts';

export const CHECKS_ATTACHMENT = 'idp-conformance-checks.json';

/** checkId of the error recorded when the run ended before every case did (the run-wide deadline). */
export const RUN_DEADLINE_CHECK = 'run.deadline';

export interface ChecksAttachment {
  target: ComplianceReport['target'];
  checks: CheckRecord[];
}
