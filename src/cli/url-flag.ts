// A URL given on the command line (`api --url`, `client --resource-url`): absolute, http or https, or an InputError
// (exit 2) naming the flag and the value.
import { InputError } from '../../lib/errors.ts';

export function httpUrlFlag(flag: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${flag}: not an absolute URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`${flag}: expected http or https, got "${value}"`);
  return url;
}
