// Broken on purpose: serves a request without a token (anonymous access), accepts query-parameter tokens without
// Cache-Control: private, answers 403 to a bad token, checks no scope, and keeps jose's default 30 s JWKS refetch
// cool-down, so a token signed with a key rotated in the meantime is refused.
import { startResourceServer } from './resource-server.mjs';

startResourceServer({ sloppyHttp: true });
