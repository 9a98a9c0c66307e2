// Broken on purpose: requests tokens with GET, its parameters in the query (RFC 6749 §3.2: MUST use POST; §4.4.2: a form body).
import { runClient } from './worker.mjs';

await runClient({ getRequest: true });
