// Reads compliance.json for `report` and `gate`: parse, validate against schemas/compliance.schema.json and name
// the file and JSON path of the first problems (exit 2), so a truncated or hand-edited report never gates silently.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import schema from '../../schemas/compliance.schema.json' with { type: 'json' };
import { schemaValidator } from '../../lib/yaml-file.ts';
import { InputError } from '../../lib/errors.ts';
import type { ComplianceReport } from './model.ts';

/** JSON Pointer "/results/3/outcome" → JSONPath "$.results[3].outcome". */
function jsonPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return '$' + parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

function describe(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties') return `${jsonPath(err.instancePath)}.${String(p.additionalProperty)}: unknown key`;
  if (err.keyword === 'required') return `${jsonPath(err.instancePath)}: missing required key "${String(p.missingProperty)}"`;
  if (err.keyword === 'propertyNames') {
    return `${jsonPath(err.instancePath)}: header "${String(p.propertyName)}" must never be recorded as evidence (it carries credentials)`;
  }
  if (err.keyword === 'not' && err.instancePath.endsWith('/suiteFile')) {
    return `${jsonPath(err.instancePath)}: must be a repository-relative path, not an absolute path or URL`;
  }
  if (err.keyword === 'enum') {
    return `${jsonPath(err.instancePath)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${jsonPath(err.instancePath)}: ${err.message ?? err.keyword}`;
}

/** Validates a parsed model; throws InputError "<file>: $.results[0].outcome: must be one of …". */
export function validateComplianceReport(data: unknown, file: string): ComplianceReport {
  const validate = schemaValidator(schema);
  if (!validate(data)) {
    // propertyNames reports once for the name (a "not" under it) and once for the object: keep the named one.
    const problems = (validate.errors ?? []).filter((e) => !(e.keyword === 'not' && e.propertyName !== undefined));
    throw new InputError(
      problems
        .slice(0, 5)
        .map((e) => `${file}: ${describe(e)}`)
        .join('\n'),
    );
  }
  return data as ComplianceReport;
}

export function parseComplianceReport(text: string, file: string): ComplianceReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec(String((err as Error).message));
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `:${line}:${Number(pos[1]) - before.lastIndexOf('\n')}`;
    }
    throw new InputError(`${file}${where}: invalid JSON: ${(err as Error).message}`);
  }
  return validateComplianceReport(data, file);
}

export function loadComplianceReport(file: string): ComplianceReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseComplianceReport(text, file);
}
