// Admin request bodies are checked against schemas/admin/*.json (one file per resource, one $defs entry
// per operation), for HTTP and library calls alike. Errors name the body path and the schema path.
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import clients from '../../schemas/admin/clients.schema.json' with { type: 'json' };
import clock from '../../schemas/admin/clock.schema.json' with { type: 'json' };
import faults from '../../schemas/admin/faults.schema.json' with { type: 'json' };
import keys from '../../schemas/admin/keys.schema.json' with { type: 'json' };
import roles from '../../schemas/admin/roles.schema.json' with { type: 'json' };
import secrets from '../../schemas/admin/secrets.schema.json' with { type: 'json' };
import tokens from '../../schemas/admin/tokens.schema.json' with { type: 'json' };
import mockConfig from '../../schemas/mock-config.schema.json' with { type: 'json' };
import { InvalidBody } from './errors.ts';

const require = createRequire(import.meta.url);
const FILES = { clients, clock, faults, keys, roles, secrets, tokens };
// Built on the first admin call, not at start-up: adding schemas compiles ajv's meta-schema (~70 ms).
let ajv: Ajv2020 | undefined;
function adminAjv(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
    const addFormats = require('ajv-formats') as (a: Ajv2020) => Ajv2020;
    ajv = addFormats(new AjvClass({ strict: false, allowUnionTypes: true }));
    for (const schema of Object.values(FILES)) ajv.addSchema(schema);
    // The faults body is the config's fault entry: one definition for both.
    ajv.addSchema(mockConfig);
  }
  return ajv;
}

export type SchemaFile = keyof typeof FILES;

/** Check an operation's body against schemas/admin/<file>.schema.json#/$defs/<def>; 400 naming both paths. */
export function validateBody<T>(file: SchemaFile, def: string, body: unknown): T {
  const id = `${FILES[file].$id}#/$defs/${def}`;
  const validate = adminAjv().getSchema(id);
  if (!validate) throw new Error(`no admin schema ${id}`);
  if (!validate(body)) {
    // The most specific error: deepest body path first; a oneOf's own "no branch matched" last.
    const errors = [...validate.errors!].sort(
      (x, y) => y.instancePath.length - x.instancePath.length || Number(x.keyword === 'oneOf') - Number(y.keyword === 'oneOf'),
    );
    const e = errors[0]!;
    const p = e.params as Record<string, unknown>;
    const detail =
      e.keyword === 'additionalProperties'
        ? `unknown property "${String(p.additionalProperty)}"`
        : e.keyword === 'required'
          ? `missing property "${String(p.missingProperty)}"`
          : e.message;
    // ajv gives paths inside a $ref target from that document's root, others relative to the operation's def.
    const schemaPath = e.schemaPath.startsWith('#/$defs/')
      ? `schemas/admin/${file}.schema.json${e.schemaPath}`
      : e.schemaPath.startsWith('#')
        ? `schemas/admin/${file}.schema.json#/$defs/${def}${e.schemaPath.slice(1)}`
        : `schemas/admin/${e.schemaPath.replace(/^[^#]*\//, '')}`;
    throw new InvalidBody(`${e.instancePath || '(body)'}: ${detail}`, e.instancePath, schemaPath);
  }
  return body as T;
}
