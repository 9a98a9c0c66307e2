// "Copy as curl" (issue #12): a shell command that sends a request the harness sent, with every secret, token and
// client assertion read from an environment variable (`$IDP_CLIENT_SECRET`, `$IDP_ACCESS_TOKEN`,
// `$IDP_CLIENT_ASSERTION`), never written out. Everything else is single-quoted, so no byte of the target's
// URL, a header or the body is ever interpreted by the shell.
import { formUrlDecode, formUrlEncode } from '../lib/form.ts';
import type { HttpRequest } from './http.ts';

/** A value that must not be written into the command, and the environment variable that holds it. */
export interface ShellSecret {
  value: string;
  variable: string;
}

/**
 * The secret as RFC 6749 §2.3.1 puts it in a Basic header (and as a query string carries it): form-urlencoded.
 * `-u "id:$IDP_CLIENT_SECRET"` would send the raw secret, so when encoding changes it (a secret with `:`, `+`,
 * `~`, `/`, space, non-ASCII…) the command encodes the variable's value the way the harness did, with the same
 * encoder (WHATWG URLSearchParams: space → "+"), and curl's Base64 of "id:encoded" is then byte for byte the
 * header the harness sent. A secret made of letters, digits and `*-._` is its own encoding: plain `$VAR` then.
 */
const formEncoded = (variable: string) => `$(node -p 'new URLSearchParams({v:process.argv[1]}).toString().slice(2)' "$${variable}")`;

type Segment = { text: string } | { shell: string };

/** Where a secret occurs in `text` (raw, form-encoded or JSON-escaped), replaced by the shell text reading it. */
function segments(text: string, secrets: readonly ShellSecret[], encoded: boolean): Segment[] {
  const needles: [string, string][] = [];
  for (const s of secrets) {
    if (!s.value) continue;
    needles.push([s.value, `$${s.variable}`]);
    const form = formUrlEncode(s.value);
    if (encoded && form !== s.value) needles.push([form, formEncoded(s.variable)]);
    // A JSON body carries the secret JSON-escaped; the variable holds it raw (the same value once parsed).
    const json = JSON.stringify(s.value).slice(1, -1);
    if (json !== s.value) needles.push([json, `$${s.variable}`]);
  }
  needles.sort((a, b) => b[0].length - a[0].length);
  const out: Segment[] = [];
  let literal = '';
  for (let i = 0; i < text.length;) {
    const hit = needles.find(([n]) => text.startsWith(n, i));
    if (!hit) {
      literal += text[i++];
      continue;
    }
    if (literal) out.push({ text: literal });
    literal = '';
    out.push({ shell: hit[1] });
    i += hit[0].length;
  }
  if (literal) out.push({ text: literal });
  return out;
}

/** POSIX single quotes: nothing inside is special; a quote is closed, escaped and reopened. */
export function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One shell word: single-quoted, or double-quoted around the variables when the literal parts are plain. */
function word(text: string, secrets: readonly ShellSecret[], encoded = false): string {
  const parts = segments(text, secrets, encoded);
  if (parts.every((p) => 'text' in p)) return singleQuote(text);
  const plain = parts.every((p) => !('text' in p) || /^[A-Za-z0-9 _@%+=:,./~?&#*;-]*$/.test(p.text));
  if (plain) {
    // "id:$IDP_CLIENT_SECRET"; braces only where a name character follows the variable.
    return `"${parts
      .map((p, i) => {
        if ('text' in p) return p.text;
        const next = parts[i + 1];
        return next && 'text' in next && /^\w/.test(next.text) && /^\$\w+$/.test(p.shell) ? `\${${p.shell.slice(1)}}` : p.shell;
      })
      .join('')}"`;
  }
  return parts.map((p) => ('text' in p ? singleQuote(p.text) : `"${p.shell}"`)).join('');
}

/** `-u "id:$IDP_CLIENT_SECRET"` for a Basic header: curl Base64s "user:password" exactly as it is given. */
function basicUser(credentials: string, secrets: readonly ShellSecret[]): string | undefined {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  if (Buffer.from(decoded, 'utf8').toString('base64') !== credentials || !decoded.includes(':')) return undefined;
  return word(decoded, secrets, true);
}

/** A form body as curl options: literal fields byte for byte, a field holding a secret by --data-urlencode. */
function formOptions(body: string, secrets: readonly ShellSecret[]): string[] {
  const out: string[] = [];
  let literal: string[] = [];
  const flush = () => {
    if (literal.length) out.push(`--data-binary ${singleQuote(literal.join('&'))}`);
    literal = [];
  };
  for (const piece of body.split('&')) {
    const eq = piece.indexOf('=');
    const value = eq < 0 ? undefined : formUrlDecode(piece.slice(eq + 1));
    if (value !== undefined && secrets.some((s) => s.value && value.includes(s.value))) {
      // curl percent-encodes the value (space as %20 where the harness sent "+"): the same field once the server
      // form-decodes it, which every form reader does (the Basic header above is the case that needs exact bytes).
      flush();
      out.push(`--data-urlencode ${word(`${piece.slice(0, eq)}=${value}`, secrets)}`);
    } else literal.push(piece);
  }
  flush();
  return out;
}

/** The curl command for `req`; `secrets` are replaced by their variables wherever they occur. */
export function curlCommand(req: HttpRequest, secrets: readonly ShellSecret[]): string {
  const args = ['curl', '-sS', '-i'];
  const hasBody = req.body !== undefined;
  if (!((req.method === 'GET' && !hasBody) || (req.method === 'POST' && hasBody))) args.push('-X', singleQuote(req.method));
  args.push(word(req.url, secrets, true));
  let contentType = '';
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') contentType = value;
    const basic = /^basic +(.+)$/i.exec(value);
    const user = name.toLowerCase() === 'authorization' && basic ? basicUser(basic[1]!.trim(), secrets) : undefined;
    args.push(user ? `-u ${user}` : `-H ${word(`${name}: ${value}`, secrets)}`);
  }
  if (hasBody) {
    const form = /^application\/x-www-form-urlencoded\b/i.test(contentType) && req.body !== '';
    args.push(...(form ? formOptions(req.body!, secrets) : [`--data-binary ${word(req.body!, secrets)}`]));
  }
  return args.join(' ');
}
