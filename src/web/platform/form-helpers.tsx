/**
 * Small helpers shared by the apex account pages (login, password, invitation):
 * the handler context type, form-field reading, the notice banner and the
 * AppError-to-form-message mapping.
 */
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';

export type Ctx = Context<AppEnv>;

export const str = (v: unknown, max = 1000): string => (typeof v === 'string' ? v.slice(0, max) : '');

export function Notice(props: { error?: string; notice?: string }) {
  if (props.error)
    return (
      <p class="notice error" role="alert" id="form-error">
        {props.error}
      </p>
    );
  if (props.notice)
    return (
      <p class="notice" role="status">
        {props.notice}
      </p>
    );
  return null;
}

/** Maps the AppErrors a form can expect to a message and status; anything else is rethrown. */
export function formError(c: Ctx, err: unknown): { message: string; status: 400 | 401 | 403 | 429 } {
  if (!(err instanceof AppError)) throw err;
  for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
  if (err.code === 'validation_failed')
    return { message: err.issues?.map((i) => i.message).join('. ') || err.message, status: 400 };
  if (err.code === 'invalid_credentials' || err.code === 'unauthenticated')
    return { message: err.message, status: 401 };
  if (err.code === 'rate_limited') return { message: err.message, status: 429 };
  throw err;
}
