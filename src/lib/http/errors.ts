/**
 * The one error handler: AppError, ZodError, HTTPException (malformed JSON,
 * unsupported media type, body limit) and anything unknown become the
 * contract's envelope. Only 5xx are logged, with their stack; a response
 * body never carries a stack. API paths answer JSON; pages answer HTML.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, errorBody, toAppError } from '../errors.js';
import type { AppEnv } from './context.js';
import { requestLog } from './middleware.js';

export function fromHttpException(err: HTTPException): AppError {
  if (err.status === 413) return new AppError('payload_too_large', 'The request body is too large');
  if (err.status === 415) return new AppError('unsupported_media_type', 'Send the body as application/json');
  if (err.status === 400 && /json/i.test(err.message))
    return new AppError('invalid_json', 'The request body is not valid JSON');
  if (err.status === 401) return new AppError('unauthenticated', 'Authentication required');
  if (err.status === 403) return new AppError('forbidden', err.message || 'Forbidden');
  if (err.status === 404) return new AppError('not_found', 'Not found');
  if (err.status >= 400 && err.status < 500)
    return new AppError('validation_failed', err.message || 'Bad request');
  return new AppError('internal_error', 'Something went wrong on our side', { cause: err });
}

/** Paths that never answer with a page (JSON APIs, provider webhooks, probes), whatever the client accepts. */
export function neverHtml(path: string): boolean {
  return (
    path.startsWith('/api/') || path.startsWith('/webhooks/') || path === '/healthz' || path === '/readyz'
  );
}

export function wantsHtml(c: Context): boolean {
  if (neverHtml(c.req.path)) return false;
  return (c.req.header('accept') ?? '').includes('text/html') || c.req.method === 'GET';
}

/** Renders an error page for browsers; replaced by the web layer's themed page when set. */
export let renderErrorPage = (err: AppError, requestId: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${err.status} · Storeloom</title>` +
  `<meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="font-family:system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">` +
  `<h1>${escapeHtml(err.status === 404 ? 'Not found' : err.message)}</h1><p>${escapeHtml(err.message)}</p>` +
  `<p><small>Request ${escapeHtml(requestId)}</small></p></body></html>`;

export function setErrorPageRenderer(fn: typeof renderErrorPage): void {
  renderErrorPage = fn;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * PostgreSQL errors that only bad input causes (a last line of defence behind
 * validation): character not in repertoire (NUL), untranslatable character,
 * invalid time zone displacement, datetime overflow and format, numeric out
 * of range, invalid text representation, string too long, value too large
 * for an index, negative LIMIT/OFFSET.
 */
const BAD_INPUT_PG_CODES = new Set([
  '22021',
  '22P05',
  '22009',
  '22008',
  '22007',
  '22003',
  '22P02',
  '22001',
  '54000',
  '2201W',
  '2201X',
]);

function pgCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Bad input that slipped past validation → 400 validation_failed (never a 500). */
export function fromBadInput(err: unknown): AppError | undefined {
  if (err instanceof URIError) return new AppError('validation_failed', 'The URL is not validly encoded');
  if (err instanceof AppError && err.code !== 'internal_error') return undefined;
  const code = pgCode(err);
  if (code && BAD_INPUT_PG_CODES.has(code)) return new AppError('validation_failed', 'A value is not valid');
  return undefined;
}

export function handleError(err: unknown, c: Context<AppEnv>): Response {
  const appErr =
    err instanceof HTTPException ? fromHttpException(err) : (fromBadInput(err) ?? toAppError(err));
  const requestId = c.get('requestId') ?? 'unknown';
  if (appErr.status >= 500) {
    const cause = appErr.code === 'internal_error' ? (appErr.cause ?? err) : err;
    if (c.get('deps')) requestLog(c).error({ err: cause, code: appErr.code }, 'request failed');
    else console.error(cause);
  }
  for (const [k, v] of Object.entries(appErr.headers ?? {})) c.header(k, v);
  if (wantsHtml(c)) return c.html(renderErrorPage(appErr, requestId), appErr.status);
  return c.json(errorBody(appErr, requestId), appErr.status);
}
