// Broken on purpose: authenticates with Basic and with client_secret in the body at once (RFC 6749 §2.3: MUST NOT).
import { runClient } from './worker.mjs';

await runClient({ twoAuthMethods: true });
