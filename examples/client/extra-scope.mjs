// Broken on purpose: asks for a scope it was not given (IDP_SCOPE plus admin; RFC 9700 §2.3: least privilege).
import { runClient } from './worker.mjs';

await runClient({ extraScope: true });
