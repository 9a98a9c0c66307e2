// What a check of `idp-conformance api` or `client` decides (met, not met, or not applicable) and the outcome its
// level gives that: a MUST not met fails, a SHOULD not met warns, a MAY is recorded as passed; skip stays skip.
import type { Level, Outcome } from './model.ts';

export type Judgement = { met: true; message: string } | { met: false; message: string } | { skip: string };

export const met = (message: string): Judgement => ({ met: true, message });
export const notMet = (message: string): Judgement => ({ met: false, message });

/** The outcome and message of a check at `level` judged `j`. */
export function judged(j: Judgement, level: Level): { outcome: Outcome; message: string } {
  if ('skip' in j) return { outcome: 'skip', message: `skipped: ${j.skip}` };
  return { outcome: j.met || level === 'MAY' ? 'pass' : level === 'MUST' ? 'fail' : 'warn', message: j.message };
}
