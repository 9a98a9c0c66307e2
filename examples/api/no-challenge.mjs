// Broken on purpose: refuses with 401 but without WWW-Authenticate (RFC 6750 §3: the resource server MUST include it).
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ noChallenge: true });
