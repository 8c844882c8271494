/**
 * !!! SECURITY CHOKE POINT — CSRF for cookie-authenticated pages !!!
 *
 * Mounted once in src/app.ts right after `pageSession()`; applies to every
 * unsafe request (POST, PUT, PATCH, DELETE) outside /api, /webhooks:
 *   1. Origin check: the Origin header (or, when absent, the Referer) must
 *      name this very host; a request with neither is refused. This also
 *      protects sign-in forms that have no session yet (login CSRF).
 *   2. Synchroniser token: when a page session exists, the form field `_csrf`
 *      (or header `x-csrf-token`) must equal the session's token (constant-time).
 * Failure → 403 csrf_failed; nothing runs.
 *
 * In page JSX, put `{csrfInput(c)}` inside every <form method="post">.
 * Bearer-token JSON APIs are not cookie-authenticated and are not checked here.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { jsx } from 'hono/jsx';
import { safeEqual } from '../crypto.js';
import { AppError } from '../errors.js';
import type { AppEnv } from './context.js';
import { requestHost } from './middleware.js';
import { isApiPath } from './paths.js';

export const CSRF_FIELD = '_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(value: string | undefined): string | undefined {
  if (!value || value === 'null') return undefined;
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The session's CSRF token, for forms rendered without JSX. */
export function csrfToken(c: Context<AppEnv>): string {
  return c.get('pageSession')?.csrfToken ?? '';
}

/** `<input type="hidden" name="_csrf" value="…">` for a page form. */
export function csrfInput(c: Context<AppEnv>) {
  return jsx('input', { type: 'hidden', name: CSRF_FIELD, value: csrfToken(c) });
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const v = body[CSRF_FIELD];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || isApiPath(c.req.path)) return next();
    const host = requestHost(c).toLowerCase();
    const origin = hostOf(c.req.header('origin')) ?? hostOf(c.req.header('referer'));
    if (!origin || origin !== host) {
      throw new AppError('csrf_failed', 'This form was not submitted from this site');
    }
    const session = c.get('pageSession');
    if (session) {
      const token = await submittedToken(c);
      if (!token || !safeEqual(token, session.csrfToken)) {
        throw new AppError('csrf_failed', 'The form expired; reload the page and try again');
      }
    }
    return next();
  };
}
