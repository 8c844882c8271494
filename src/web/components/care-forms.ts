/** Form plumbing of the customer-care pages: read a form body, and turn a service's 4xx into field messages. */
import type { Context } from 'hono';
import { ZodError } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';

export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.slice(0, 12_000);
  return out;
}

export interface FormFailure {
  status: 400 | 403 | 404 | 409 | 429;
  message: string;
  errors: Record<string, string>;
}

/** A 4xx from a service as a form failure (message + per-field errors); anything else is rethrown. */
export function formFailure(c: Context<AppEnv>, err: unknown): FormFailure {
  if (err instanceof ZodError) {
    const errors: Record<string, string> = {};
    for (const i of err.issues) errors[String(i.path[0] ?? '')] ??= i.message;
    return { status: 400, message: 'Please check the highlighted fields.', errors };
  }
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
  const errors: Record<string, string> = {};
  for (const i of err.issues ?? []) errors[i.path.split('.')[0] ?? ''] ??= i.message;
  const message =
    err.code === 'rate_limited'
      ? 'You have sent a lot in a short time. Please wait a while and try again.'
      : err.message;
  return { status: err.status as FormFailure['status'], message, errors };
}
