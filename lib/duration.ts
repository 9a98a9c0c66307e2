// Durations on the command line: "90s", "10m", "1h", "1500ms", or plain seconds ("600").
import { InputError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration; `what` names the option in the error (exit 2). */
export function parseDuration(text: string | number, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(String(text));
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new InputError(`${what}: expected a duration such as 90s, 10m or 1h, got "${text}"`);
  return Math.round(ms);
}
