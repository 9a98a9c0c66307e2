// Broken on purpose: ignores Retry-After on 429 and 503 (RFC 9110 §10.2.3, RFC 6585 §4) and retries on its ordinary
// exponential backoff instead (first retry after ~250 ms); everything else is as worker.mjs does it.
import { runClient } from './worker.mjs';

await runClient({ ignoreRetryAfter: true });
