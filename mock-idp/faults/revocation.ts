// Faults of token revocation (RFC 7009 §2.1, §2.2) and of ServiceNow's GET revocation.
import { InvalidClient, OAuthError } from '../errors.ts';
import { getAsFormPost, onBody } from './request.ts';
import { conformance, type FaultDefinition } from './types.ts';

const KNOWN_HINTS = ['access_token', 'refresh_token'];

export const REVOCATION_FAULTS: FaultDefinition[] = [
  conformance(
    'revoked-token-active',
    'a revoked token stays active',
    ['RFC7009-2', 'RFC7662-2.2'],
    ['revocation', 'introspection', 'resource'],
    {
      ignoreRevocation: true,
    },
  ),
  conformance(
    'revocation-get-accepted',
    "a GET revocation request is served, its query read as the form (not ServiceNow's documented GET endpoint: the RFC 7009 one)",
    ['RFC7009-2.1'],
    ['revocation'],
    { request: getAsFormPost },
  ),
  conformance('revocation-204', 'revocation answers 204 No Content instead of 200', ['RFC7009-2.2'], ['revocation'], {
    response: (r) => {
      if (r.status === 200 && r.body === undefined) r.status = 204;
    },
  }),
  conformance(
    'revocation-unknown-hint-refused',
    'an unknown token_type_hint is refused with unsupported_token_type',
    ['RFC7009-2.1'],
    ['revocation'],
    {
      request: onBody((pairs) => {
        const hint = pairs.find(([k]) => k === 'token_type_hint')?.[1];
        if (hint !== undefined && !KNOWN_HINTS.includes(decodeURIComponent(hint)))
          throw new OAuthError('unsupported_token_type', 400, 'unknown token_type_hint');
        return undefined;
      }),
    },
  ),
  conformance('revocation-unknown-token-400', 'revoking an unknown token answers 400 invalid_request', ['RFC7009-2.2'], ['revocation'], {
    refuseUnknownToken: true,
  }),
  conformance(
    'revocation-other-clients-token',
    'revocation also revokes a token issued to another client',
    ['RFC7009-2.1'],
    ['revocation'],
    {
      revokeAnyClient: true,
    },
  ),
  conformance(
    'revocation-get-requires-auth',
    'ServiceNow GET revocation refuses a request without client authentication',
    ['VENDOR-SERVICENOW-REVOKE'],
    ['revocation'],
    {
      request: (req) => {
        if (req.method === 'GET' && !req.headers.authorization)
          throw new InvalidClient('client authentication required', false, 'mock', 'missing');
      },
    },
    ['servicenow'],
  ),
];
