// Faults of the sample protected resource (RFC 6750 §2, §3, §3.1).
import { conformance, getHeader, type FaultDefinition } from './types.ts';

export const RESOURCE_FAULTS: FaultDefinition[] = [
  conformance(
    'resource-scheme-case-sensitive',
    'the resource accepts only the exact scheme "Bearer", not "bearer" or "BEARER"',
    ['RFC6750-2.1', 'RFC7235-2.1'],
    ['resource'],
    {
      request: (req) => {
        const h = req.headers.authorization;
        if (h && /^bearer /i.test(h) && !h.startsWith('Bearer ')) req.headers.authorization = `Unrecognised ${h.slice(7)}`;
      },
    },
  ),
  conformance('resource-401-as-400', 'the resource refuses a missing or bad token with 400 instead of 401', ['RFC6750-3.1'], ['resource'], {
    response: (r) => {
      if (r.status === 401) r.status = 400;
    },
  }),
  conformance('insufficient-scope-401', 'insufficient_scope is answered with 401 instead of 403', ['RFC6750-3.1'], ['resource'], {
    response: (r) => {
      if (r.status === 403 && /insufficient_scope/.test(getHeader(r, 'www-authenticate') ?? '')) r.status = 401;
    },
  }),
  conformance(
    'resource-two-methods-accepted',
    'a token in both the header and the query is accepted (the query one ignored)',
    ['RFC6750-2'],
    ['resource'],
    {
      request: (req, url) => {
        if (req.headers.authorization && url.searchParams.has('access_token')) url.searchParams.delete('access_token');
      },
    },
  ),
  conformance(
    'resource-query-token-accepted',
    'a token in the URI query is accepted, without Cache-Control: private',
    ['RFC6750-2.3', 'RFC9700-2.2'],
    ['resource'],
    {
      request: (req, url) => {
        const token = url.searchParams.get('access_token');
        if (token !== null && !req.headers.authorization) {
          req.headers.authorization = `Bearer ${token}`;
          url.searchParams.delete('access_token');
        }
      },
    },
  ),
];
