// Faults of token introspection (RFC 7662 §2.1, §2.2).
import { InvalidRequest } from '../errors.ts';
import { decodeName, onBody } from './request.ts';
import { body, conformance, isJsonObject, type FaultDefinition, type ResponseDraft } from './types.ts';

const answer = (r: ResponseDraft, active: boolean) => r.status === 200 && isJsonObject(r) && body(r).active === active;

export const INTROSPECTION_FAULTS: FaultDefinition[] = [
  conformance(
    'introspection-requires-hint',
    'introspection without token_type_hint is refused with invalid_request',
    ['RFC7662-2.1'],
    ['introspection'],
    {
      request: onBody((pairs) => {
        if (!pairs.some(([k]) => decodeName(k) === 'token_type_hint')) throw new InvalidRequest('token_type_hint is required');
        return undefined;
      }),
    },
  ),
  conformance(
    'introspection-client-id-other',
    'introspection reports another identifier (urn:client:…) as client_id',
    ['RFC7662-2.2'],
    ['introspection'],
    {
      response: (r) => {
        if (answer(r, true)) body(r).client_id = `urn:client:${String(body(r).client_id)}`;
      },
    },
  ),
  conformance('introspection-scope-array', 'introspection reports scope as an array', ['RFC7662-2.2'], ['introspection'], {
    response: (r) => {
      if (answer(r, true) && typeof body(r).scope === 'string') body(r).scope = String(body(r).scope).split(' ');
    },
  }),
  conformance('introspection-exp-milliseconds', 'introspection reports exp and iat in milliseconds', ['RFC7662-2.2'], ['introspection'], {
    response: (r) => {
      if (!answer(r, true)) return;
      for (const k of ['exp', 'iat']) if (typeof body(r)[k] === 'number') body(r)[k] = (body(r)[k] as number) * 1000;
    },
  }),
  conformance(
    'introspection-active-string',
    'introspection reports active as the string "true" / "false"',
    ['RFC7662-2.2'],
    ['introspection'],
    {
      response: (r) => {
        if (answer(r, true) || answer(r, false)) body(r).active = String(body(r).active);
      },
    },
  ),
  conformance(
    'introspection-inactive-extra-members',
    'an inactive token\'s introspection tells more than {"active":false}',
    ['RFC7662-2.2'],
    ['introspection'],
    {
      response: (r) => {
        if (answer(r, false)) Object.assign(body(r), { token_type: 'Bearer', reason: 'token unknown, expired or revoked' });
      },
    },
  ),
  conformance(
    'introspection-inactive-404',
    'introspection of an inactive or unknown token answers 404',
    ['RFC7662-2.2'],
    ['introspection'],
    {
      response: (r) => {
        if (answer(r, false)) {
          r.status = 404;
          r.body = { error: 'not_found', error_description: 'token not found' };
        }
      },
    },
  ),
];
