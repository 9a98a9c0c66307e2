// Broken on purpose: requests a new token for every resource call instead of reusing it until near its expires_in
// (RFC 6749 §5.1): the token endpoint gets ~10 requests a second.
import { runClient } from './worker.mjs';

await runClient({ tokenPerCall: true });
