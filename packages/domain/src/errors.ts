import { MSG } from '@klub/contracts';

/** Field errors in DRF's shape: `{"field": ["msg"]}`, nested objects/arrays for nested input. */
export type FieldErrors = { [field: string]: string[] | FieldErrors | FieldErrors[] };

export type ErrorBody = Record<string, unknown>;

/**
 * The one error hierarchy (STYLE.md §2.5). The HTTP status lives on the class and nowhere
 * else; the REST layer writes `body()` out unchanged (after translation), tRPC carries it in
 * `data.drf`. Anything that is not an AppError is a bug and becomes a generic 500.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract body(): ErrorBody;
  /** Extra response headers (WWW-Authenticate, Retry-After, Allow). */
  headers(): Record<string, string> {
    return {};
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  constructor(readonly fields: FieldErrors) {
    super('Validation failed');
  }
  body(): ErrorBody {
    return this.fields;
  }
  /** A single-field error: `ValidationError.field('email', 'Enter a valid email address.')`. */
  static field(name: string, ...messages: string[]): ValidationError {
    return new ValidationError({ [name]: messages });
  }
  static nonField(...messages: string[]): ValidationError {
    return new ValidationError({ non_field_errors: messages });
  }
}

export class ParseError extends AppError {
  readonly status = 400;
  body(): ErrorBody {
    return { detail: this.message };
  }
}

export class NotAuthenticated extends AppError {
  readonly status = 403;
  constructor() {
    super(MSG.notAuthenticated);
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
}

export class PermissionDenied extends AppError {
  readonly status = 403;
  constructor(detail: string = MSG.permissionDenied) {
    super(detail);
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
}

export class NotFound extends AppError {
  readonly status = 404;
  constructor(detail: string = MSG.notFound) {
    super(detail);
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
}

export class MethodNotAllowed extends AppError {
  readonly status = 405;
  constructor(
    readonly method: string,
    readonly allow: string[] = [],
  ) {
    super(MSG.methodNotAllowed(method));
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
  override headers(): Record<string, string> {
    return this.allow.length ? { Allow: this.allow.join(', ') } : {};
  }
}

export class Conflict extends AppError {
  readonly status = 409;
  constructor(
    detail: string,
    readonly extra: ErrorBody = {},
  ) {
    super(detail);
  }
  body(): ErrorBody {
    return { detail: this.message, ...this.extra };
  }
}

export class Throttled extends AppError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(MSG.throttled(retryAfterSeconds));
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
  override headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

export class ServiceUnavailable extends AppError {
  readonly status = 503;
  constructor() {
    super(MSG.serviceUnavailable);
  }
  body(): ErrorBody {
    return { detail: this.message };
  }
  override headers(): Record<string, string> {
    return { 'Retry-After': '5' };
  }
}

/** An exact body shape from api.md §1.5 (`{"error": "must be an event organizer"}` etc.). */
export class CustomError extends AppError {
  constructor(
    readonly status: number,
    private readonly payload: ErrorBody,
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    super(typeof payload.detail === 'string' ? payload.detail : JSON.stringify(payload));
  }
  body(): ErrorBody {
    return this.payload;
  }
  override headers(): Record<string, string> {
    return this.extraHeaders;
  }
}

/** The only source of 401s: token endpoints (api.md §1.5). */
export class TokenError extends AppError {
  readonly status = 401;
  constructor(private readonly payload: ErrorBody) {
    super(typeof payload.detail === 'string' ? payload.detail : 'token error');
  }
  body(): ErrorBody {
    return this.payload;
  }
  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': 'Bearer realm="api"' };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
