// JSON member assertion: a JSON path and a matcher. A path with a wildcard must hold for every member.
import { isMultiPath, select } from '../json-path.ts';
import { describeValue, mismatch } from '../matchers.ts';
import { fingerprintTokens } from './evidence.ts';
import type { AssertionKind } from './types.ts';

export const json: AssertionKind<'json'> = {
  evaluate(spec, { response }) {
    const { path, orNotJson, ...matcher } = spec;
    if (response.json === undefined && orNotJson)
      return {
        ok: true,
        message: `${path}: the body is not JSON, so it has none (${response.headers['content-type'] ?? 'no content-type'})`,
      };
    if (response.json === undefined)
      return { ok: false, message: `${path}: the body is not JSON (${response.headers['content-type'] ?? 'no content-type'})` };
    const values = select(response.json, path);
    const evidence = { body: { [path]: fingerprintTokens(path, isMultiPath(path) ? values : values[0]) } };
    if (isMultiPath(path)) {
      for (const v of values) {
        const why = mismatch(v, matcher);
        if (why) return { ok: false, message: `${path}: ${why}`, evidence };
      }
      return { ok: true, message: `${path}: all ${values.length} members match`, evidence };
    }
    const why = mismatch(values[0], matcher);
    return why
      ? { ok: false, message: `${path}: ${why}`, evidence }
      : { ok: true, message: `${path}: ${describeValue(fingerprintTokens(path, values[0]))}`, evidence };
  },
};
