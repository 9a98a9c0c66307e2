// Broken on purpose: on a 401 invalid_token from the resource it sends the same token again and keeps it until its
// expires_in, instead of discarding it and getting a new one (RFC 6750 §3.1): a retry loop with a dead token.
import { runClient } from './worker.mjs';

await runClient({ retryLoop: true });
