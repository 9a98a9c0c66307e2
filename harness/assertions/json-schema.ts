// JSON Schema assertion (ajv, draft 2020-12): the body, or the member at `path`, validates against a schema
// file next to the suite (suites/schemas/) or an inline schema.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { schemaValidator } from '../../lib/yaml-file.ts';
import { selectOne } from '../json-path.ts';
import type { AssertionKind } from './types.ts';

const files = new Map<string, object>();

function load(file: string): object {
  let schema = files.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(file, 'utf8')) as object;
    files.set(file, schema);
  }
  return schema;
}

export const jsonSchema: AssertionKind<'jsonSchema'> = {
  evaluate(spec, { response, suiteDir }) {
    if (response.json === undefined)
      return spec.orNotJson
        ? { ok: true, message: 'the body is not JSON, so it discloses no member' }
        : { ok: false, message: 'the body is not JSON' };
    const schema = spec.schema ?? load(resolve(suiteDir, spec.$ref!));
    const validate = schemaValidator(schema);
    const value = spec.path ? selectOne(response.json, spec.path) : response.json;
    if (validate(value)) return { ok: true, message: `valid against ${spec.$ref ?? 'the inline schema'}` };
    const errors = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
    return { ok: false, message: `not valid against ${spec.$ref ?? 'the inline schema'}: ${errors.join('; ')}` };
  },
};
