// The attachment that carries a case's check results from the worker to the compliance and console reporters.
import { readFileSync } from 'node:fs';
import type { ComplianceReport } from '../src/report/model.ts';
import type { CheckRecord } from './execute.ts';

export const CHECKS_ATTACHMENT = 'idp-conformance-checks.json';

/** checkId of the error recorded when the run ended before every case did (the run-wide deadline). */
export const RUN_DEADLINE_CHECK = 'run.deadline';

export interface ChecksAttachment {
  target: ComplianceReport['target'];
  checks: CheckRecord[];
}

/** The check results a finished case attached, or undefined when it crashed before attaching any. */
export function readChecks(attachments: readonly { name: string; body?: Buffer; path?: string }[]): ChecksAttachment | undefined {
  const attachment = attachments.find((a) => a.name === CHECKS_ATTACHMENT);
  const text = attachment?.body?.toString('utf8') ?? (attachment?.path ? readFileSync(attachment.path, 'utf8') : undefined);
  return text ? (JSON.parse(text) as ChecksAttachment) : undefined;
}
