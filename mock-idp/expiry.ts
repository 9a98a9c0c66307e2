// When a client secret expires: an RFC 3339 date-time, or a duration from now on the mock clock — compact
// (`90s`, `15m`, `1h`, `7d`, `2w`, `1y`, combinable: `1h30m`) or ISO 8601 (`P1Y`, `P30D`, `PT1H`). A year is
// 365 days and a month 30 days, as AVEVA counts its one-year default secret expiry.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800, y: 31_536_000 };
const COMPACT = /^(?:\d+[smhdwy])+$/;
const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
/** The same grammar as a JSON Schema pattern (schemas: secret expiresAt), kept beside the parser. */
export const DURATION_PATTERN = '^((\\d+[smhdwy])+|P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?!$)(\\d+H)?(\\d+M)?(\\d+S)?)?)$';

/** Seconds in a duration, or undefined when the text is not one. */
export function durationSeconds(text: string): number | undefined {
  if (COMPACT.test(text)) {
    let total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)([smhdwy])/g)) total += Number(n) * UNIT_SECONDS[unit!]!;
    return total;
  }
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y = 0, mo = 0, w = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
  return y * 31_536_000 + mo * 2_592_000 + w * 604_800 + d * 86_400 + h * 3_600 + mi * 60 + s;
}

/** NumericDate of an expiry given as a date-time or a duration from nowSeconds; undefined when it is neither. */
export function expiryTime(text: string, nowSeconds: number): number | undefined {
  const seconds = durationSeconds(text);
  if (seconds !== undefined) return nowSeconds + seconds;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
