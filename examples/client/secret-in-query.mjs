// Broken on purpose: sends client_id and client_secret in the token URL's query string instead of HTTP Basic
// (RFC 6749 §2.3.1: the credentials MUST NOT be included in the request URI; URLs end up in logs and proxies).
import { runClient } from './worker.mjs';

await runClient({ secretInQuery: true });
