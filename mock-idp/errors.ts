// OAuth errors as typed values carrying the RFC error code and HTTP status (RFC 6749 §5.2, RFC 6750 §3.1,
// RFC 8707 §2). Handlers throw these; only http/respond.ts turns them into a response body.

export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  /** Extra response headers, e.g. WWW-Authenticate for a failed Basic authentication. */
  readonly headers: Record<string, string>;
  constructor(error: string, status: number, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.error = error;
    this.status = status;
    this.headers = headers;
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, status = 400, headers: Record<string, string> = {}) {
    super('invalid_request', status, description, headers);
  }
}

/**
 * Why client authentication failed, so a vendor's error shape can apply to some failures only (profile
 * errors.invalid_client.causes): `credentials` — a wrong, expired or malformed secret, an unknown or disabled
 * client; `missing` — no client authentication, or a secret without client_id; `method` — a method the client or
 * server does not take; `assertion` — a private_key_jwt client assertion refused (RFC 7523 §3).
 */
export type ClientAuthFailure = 'credentials' | 'missing' | 'method' | 'assertion';

/** RFC 6749 §5.2: 401, with a WWW-Authenticate challenge when the client used the Authorization header. */
export class InvalidClient extends OAuthError {
  constructor(
    description: string,
    viaAuthorizationHeader: boolean,
    realm: string,
    readonly failure: ClientAuthFailure,
  ) {
    super(
      'invalid_client',
      401,
      description,
      viaAuthorizationHeader ? { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` } : {},
    );
  }
}

/** RFC 6749 §5.2: the grant (e.g. resource owner credentials, §4.3) is invalid. */
export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super('invalid_grant', 400, description);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', 400, description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) {
    super('unsupported_grant_type', 400, description);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', 400, description);
  }
}

export class InvalidTarget extends OAuthError {
  constructor(description: string) {
    super('invalid_target', 400, description);
  }
}

export class MethodNotAllowed extends OAuthError {
  constructor(allow: string) {
    super('invalid_request', 405, `method not allowed; use ${allow}`, { Allow: allow });
  }
}

export class PayloadTooLarge extends OAuthError {
  constructor(limit: number) {
    super('invalid_request', 413, `request body exceeds ${limit} bytes`);
  }
}

export class NotFound extends OAuthError {
  constructor(path: string) {
    super('not_found', 404, `no endpoint at ${path}`.replace(/["\\]/g, ''));
  }
}

/** RFC 6750 §3.1 errors at the protected resource: carried in WWW-Authenticate: Bearer (scheme per profile). */
export class BearerError extends OAuthError {
  constructor(
    error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | '',
    status: number,
    description: string,
    realm: string,
    scope?: string,
    scheme = 'Bearer',
  ) {
    const params = [`realm="${realm}"`];
    if (error) params.push(`error="${error}"`, `error_description="${description}"`);
    if (scope && error === 'insufficient_scope') params.push(`scope="${scope}"`);
    super(error, status, description, { 'WWW-Authenticate': `${scheme} ${params.join(', ')}` });
  }
}
