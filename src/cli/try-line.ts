// The `try:` line `mock` prints: a curl token request that works as pasted, for a client whose secret the
// command line knows (a --client, or the default client), with the authentication method the profile accepts
// (ServiceNow: client_secret_post only). Every argument is shell-quoted, whatever the secret holds.
import { ClientStore } from '../../mock-idp/clients.ts';
import type { ClientConfig } from '../../mock-idp/config.ts';
import type { MockIdp } from '../../mock-idp/index.ts';

/** POSIX single quotes; bash ANSI-C quoting ($'…') when the text holds a control character. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(text)) return text;
  // eslint-disable-next-line no-control-regex -- control characters are what this quoting is for
  if (!/[\x00-\x1F\x7F]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  // eslint-disable-next-line no-control-regex -- control characters are what this quoting is for
  const escaped = text.replace(/[\\'\x00-\x1F\x7F]/g, (c) =>
    c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${escaped}'`;
}

/** caFile: the CA of a --tls mock, passed to curl with --cacert. */
export function tryLine(idp: MockIdp, known: ClientConfig[], caFile?: string): string {
  const accepted = idp.context.profile.clientAuth.methods;
  const usable = idp.context.clients.list().filter((c) => c.enabled && c.secrets.length && c.grants.includes('client_credentials'));
  const now = idp.clock.now();
  // A known secret is shown only if it is the client's (a config client with the same id may hold another).
  const pick = known
    .map((k) => ({ k, c: usable.find((c) => c.id === k.id) }))
    .find((x) => x.c && x.k.secret !== undefined && ClientStore.secretValid(x.c, x.k.secret, now));
  const client = pick?.c ?? usable[0];
  const secret = pick?.k.secret ?? '<secret>';
  const id = client?.id ?? '<client_id>';
  const methods = client?.authMethods ?? ['client_secret_basic'];
  const basic = accepted.includes('client_secret_basic') && methods.includes('client_secret_basic');
  const auth = basic
    ? `-u ${shellQuote(`${id}:${secret}`)}`
    : `--data-urlencode ${shellQuote(`client_id=${id}`)} --data-urlencode ${shellQuote(`client_secret=${secret}`)}`;
  const ca = caFile ? `--cacert ${shellQuote(caFile)} ` : '';
  return `curl -s ${ca}${auth} -d grant_type=client_credentials ${shellQuote(idp.endpoints.token)}`;
}
