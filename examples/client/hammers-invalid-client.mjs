// Broken on purpose: on invalid_client (RFC 6749 §5.2) it retries the same credentials every ~50 ms instead of
// stopping and reporting: credentials that were refused cannot start working, so this only hammers the IdP.
import { runClient } from './worker.mjs';

await runClient({ hammerInvalidClient: true });
