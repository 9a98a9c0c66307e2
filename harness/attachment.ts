// The attachment that carries a case's check results from the worker to the compliance reporter.
import type { ComplianceReport } from '../src/report/model.ts';
import type { CheckRecord } from './execute.ts';

export const CHECKS_ATTACHMENT = 'idp-conformance-checks.json';

export interface ChecksAttachment {
  target: ComplianceReport['target'];
  checks: CheckRecord[];
}
