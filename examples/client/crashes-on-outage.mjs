// Broken on purpose: exits when the token endpoint answers 5xx or cannot be reached, instead of backing off and carrying on.
import { runClient } from './worker.mjs';

await runClient({ crashOnOutage: true });
