// Evidence never carries a token value: token-bearing members become a fingerprint.
import { fingerprint } from '../../src/report/redact.ts';

export function fingerprintTokens(path: string, value: unknown): unknown {
  if (typeof value === 'string' && (/token(?!_type)/.test(path) || /^eyJ/.test(value))) return fingerprint(value);
  return value;
}
