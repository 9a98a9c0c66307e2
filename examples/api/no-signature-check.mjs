// Broken on purpose: reads the claims with decodeJwt and never verifies the signature, so alg "none", HS256 keyed with
// the public key and tokens signed by any key are accepted (RFC 9068 §4, RFC 8725 §3.1).
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ noSignature: true });
