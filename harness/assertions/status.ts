// HTTP status code assertion.
import type { AssertionKind } from './types.ts';

export const status: AssertionKind<'status'> = {
  evaluate(spec, { response }) {
    const s = response.status;
    const evidence = {};
    if (typeof spec === 'number')
      return { ok: s === spec, message: s === spec ? `status ${s}` : `expected status ${spec}, got ${s}`, evidence };
    const problems: string[] = [];
    if (spec.in && !spec.in.includes(s)) problems.push(`expected status in ${spec.in.join('/')}`);
    if (spec.notIn && spec.notIn.includes(s)) problems.push(`expected status not ${spec.notIn.join('/')}`);
    if (spec.min !== undefined && s < spec.min) problems.push(`expected status >= ${spec.min}`);
    if (spec.max !== undefined && s > spec.max) problems.push(`expected status <= ${spec.max}`);
    return { ok: !problems.length, message: problems.length ? `${problems.join(', ')}, got ${s}` : `status ${s}`, evidence };
  },
};
