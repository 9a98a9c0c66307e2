// Broken on purpose: takes any token that is not a JWT as valid without asking the authorization server, so a
// revoked or expired opaque token is accepted (RFC 6749 §7: the resource server MUST validate the access token;
// RFC 7662 §2.2: introspection would have said active false). JWTs it checks as the correct API does.
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ noIntrospection: true });
