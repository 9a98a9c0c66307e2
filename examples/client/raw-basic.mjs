// Broken on purpose: builds the Basic header itself as Base64(id ":" secret) without form-urlencoding the id and
// the secret first (RFC 6749 §2.3.1), so a secret with "+", "%", ":" or a space is sent wrongly.
import { runClient } from './worker.mjs';

await runClient({ rawBasic: true });
