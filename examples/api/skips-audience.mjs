// Broken on purpose: does not check the audience (aud), so a token minted for another API is accepted (RFC 9068 §4).
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ skipAudience: true });
