// Broken on purpose: checks the signature and the audience but not the issuer, exp, nbf or typ (RFC 9068 §4,
// RFC 7519 §4.1.4-4.1.5), and puts an error code in the challenge of a request without a token (RFC 6750 §3.1).
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ laxClaims: true });
