// RFC 6749 §4.3: the resource owner password credentials grant, offered only where a vendor profile documents it
// (profile grants.password: Oracle identity domains, ServiceNow); RFC 9700 §2.4 says it MUST NOT be used, so the
// generic profile answers unsupported_grant_type. The mock has no resource owners: after client authentication,
// a request without username and password is invalid_request (§4.3.2) and every username/password pair is
// invalid_grant (§5.2), which is what such a vendor answers a credential it does not know.
import type { AuthenticatedClient } from '../auth/client-auth.ts';
import type { MockContext } from '../context.ts';
import { InvalidGrant, InvalidRequest } from '../errors.ts';
import type { Form } from '../http/form.ts';

export function passwordGrant(_ctx: MockContext, _auth: AuthenticatedClient, form: Form): Promise<Record<string, unknown>> {
  if (form.get('username') === undefined || form.get('password') === undefined) {
    throw new InvalidRequest('username and password are required (RFC 6749 §4.3.2)');
  }
  throw new InvalidGrant('the resource owner credentials are invalid');
}
