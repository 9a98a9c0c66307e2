// Broken on purpose: keeps its first token for ever, whatever its expires_in and the resource's 401 invalid_token say (RFC 6749 §5.1, RFC 6750 §3.1).
import { runClient } from './worker.mjs';

await runClient({ cacheForever: true });
