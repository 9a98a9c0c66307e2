// Admin API errors: typed values with an HTTP status and a stable code; the router turns them into JSON
// ({ error, message, ...details }). Bad bodies name the JSON Schema path they broke.

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** 400: the body does not match its schema (schemas/admin/*.json). */
export class InvalidBody extends AdminError {
  constructor(message: string, instancePath: string, schemaPath: string) {
    super(400, 'invalid_body', message, { instancePath, schemaPath });
  }
}

/** 400: a value the schema allows but a lifecycle rule refuses (e.g. a token lifetime out of bounds). */
export class InvalidValue extends AdminError {
  constructor(message: string, field: string) {
    super(400, 'invalid_value', message, { field });
  }
}

export class UnknownResource extends AdminError {
  constructor(what: string, id: string) {
    super(404, 'not_found', `unknown ${what} "${id}"`);
  }
}

/** 409: the change conflicts with the state (duplicate id, one secret too many, a fixed role). */
export class Conflict extends AdminError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** 403: the operation is not available here (e.g. Oracle user-level credentials in realms OC1 and OC4). */
export class NotAvailable extends AdminError {
  constructor(message: string) {
    super(403, 'not_available', message);
  }
}

export class Unauthorized extends AdminError {
  constructor(message: string) {
    super(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer realm="idp-conformance-admin"' });
  }
}
