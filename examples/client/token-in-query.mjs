// Broken on purpose: sends the access token as ?access_token= instead of the Authorization header (RFC 6750 §2.3: SHOULD NOT).
import { runClient } from './worker.mjs';

await runClient({ tokenInQuery: true });
