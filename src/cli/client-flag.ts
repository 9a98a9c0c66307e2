// `mock --client ID:SECRET[:SCOPES]` (repeatable): the client id runs to the first colon; with a second
// colon, the last one starts the scopes (comma- or space-separated), so a secret that holds a colon is given
// with a trailing colon (`id:se:cret:`). Errors name the flag and the occurrence, never the value (a secret).
import { InputError } from '../../lib/errors.ts';
import type { ClientConfig } from '../../mock-idp/config.ts';

/** RFC 6749 §3.3 scope-token. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function parseClientFlags(values: string[]): ClientConfig[] {
  const seen = new Set<string>();
  return values.map((value, i) => {
    const where = `--client #${i + 1}`;
    const bad = (why: string): never => {
      throw new InputError(`${where}: expected ID:SECRET[:SCOPES]: ${why}`);
    };
    const first = value.indexOf(':');
    if (first === -1) return bad('no ":" between the client id and the secret');
    const id = value.slice(0, first);
    const rest = value.slice(first + 1);
    const last = rest.lastIndexOf(':');
    const secret = last === -1 ? rest : rest.slice(0, last);
    const scopeText = last === -1 ? '' : rest.slice(last + 1);
    if (!id) return bad('the client id is empty');
    if (/[^\x20-\x7E]/.test(id)) return bad('the client id has a control character');
    if (!secret) return bad(`the secret of client "${id}" is empty`);
    const scopes = scopeText.split(/[\s,]+/).filter(Boolean);
    const wrong = scopes.find((s) => !SCOPE_TOKEN.test(s));
    if (wrong !== undefined) return bad(`client "${id}": "${wrong}" is not a scope token (RFC 6749 §3.3)`);
    if (seen.has(id)) return bad(`client "${id}" is given twice`);
    seen.add(id);
    return { id, secret, scopes };
  });
}
