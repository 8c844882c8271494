/**
 * Errors: one AppError with a closed set of codes, each mapped to an HTTP
 * status in one table. Services throw AppError; `errorResponse` (used by the
 * app's single onError) turns it, a ZodError, an HTTPException or anything
 * unknown into the contract's envelope:
 *   {"error": {"code", "message", "issues"?, "requestId"}}
 * Only 5xx are logged with their stack; no stack ever reaches a response body.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { isConnectionLoss } from './db/connection-loss.js';

export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_signature: 400,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_purchased: 403,
  csrf_failed: 403,
  not_found: 404,
  store_not_found: 404,
  method_not_allowed: 405,
  handle_taken: 409,
  email_taken: 409,
  sku_taken: 409,
  insufficient_stock: 409,
  idempotency_conflict: 409,
  invalid_state: 409,
  plan_limit_reached: 409,
  payments_not_enabled: 409,
  store_suspended_billing: 409,
  conflict: 409,
  already_reviewed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  payment_provider_error: 502,
  not_configured: 503,
  store_unavailable: 503,
  service_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];
  /** Extra response headers, e.g. Retry-After for rate_limited. */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { issues?: ErrorIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues;
    this.headers = opts.headers;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Resource'): AppError => new AppError('not_found', `${what} not found`);

export function zodIssues(err: ZodError): ErrorIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(err: ZodError): AppError {
  return new AppError('validation_failed', 'The request is not valid', { issues: zodIssues(err) });
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId: string };
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
      requestId,
    },
  };
}

/** PostgreSQL error → AppError for the few database errors that are the caller's fault. */
export function fromPgError(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008') {
    return new AppError('validation_failed', 'A value is not valid');
  }
  if (code === '57014') return new AppError('service_unavailable', 'The request took too long');
  return undefined;
}

/** Seconds a client should wait before retrying after a lost dependency. */
export const RETRY_AFTER_SECONDS = 5;

/** A lost database or queue connection → 503 with Retry-After: only the work in flight failed. */
export function fromConnectionLoss(err: unknown): AppError | undefined {
  if (!isConnectionLoss(err)) return undefined;
  return new AppError('service_unavailable', 'A service we depend on is unavailable; try again shortly', {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    cause: err,
  });
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  return (
    fromPgError(err) ??
    fromConnectionLoss(err) ??
    new AppError('internal_error', 'Something went wrong on our side', { cause: err })
  );
}
