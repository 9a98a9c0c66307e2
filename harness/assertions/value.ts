// A matcher over a value that is not in a response: a target setting or a capture, e.g. the documented
// token endpoint path of a vendor (`value: "${target.tokenEndpoint}"`).
import { describeValue, mismatch } from '../matchers.ts';
import type { AssertionKind } from './types.ts';

export const value: AssertionKind<'value'> = {
  evaluate(spec) {
    const { of, ...matcher } = spec;
    const why = mismatch(of, matcher);
    return why ? { ok: false, message: why } : { ok: true, message: describeValue(of) };
  },
};
