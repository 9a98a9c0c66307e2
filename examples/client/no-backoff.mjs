// Broken on purpose: retries the token request at once, in a tight loop, on 5xx, timeouts and network errors that carry
// no Retry-After (no backoff: a request storm against a failing IdP, RFC 9110 §15.6.4); it still honours Retry-After.
import { runClient } from './worker.mjs';

await runClient({ noBackoff: true });
