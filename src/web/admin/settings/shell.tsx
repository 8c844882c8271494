/**
 * Admin › Settings: the sub-navigation every settings page shares, and the
 * form plumbing of its pages (read the posted fields, turn a zod or service
 * error into messages next to the fields, who made the change).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ZodError } from 'zod';
import { AppError } from '../../../lib/errors.js';
import type { AppEnv } from '../../../lib/http/context.js';
import type { StoreActor } from '../../../modules/audit/service.js';
import { type AdminPageOpts, adminPage } from '../layout.js';

export type Ctx = Context<AppEnv>;
export type Typed = Record<string, string>;
export type Errors = Record<string, string>;

export const SETTINGS_TABS = [
  { key: 'general', href: '/admin/settings', label: 'General' },
  { key: 'shipping', href: '/admin/settings/shipping', label: 'Shipping' },
  { key: 'taxes', href: '/admin/settings/taxes', label: 'Taxes' },
  { key: 'discounts', href: '/admin/settings/discounts', label: 'Discount codes' },
  { key: 'pages', href: '/admin/settings/pages', label: 'Pages' },
  { key: 'theme', href: '/admin/settings/theme', label: 'Theme' },
  { key: 'payments', href: '/admin/settings/payments', label: 'Payments' },
  { key: 'domain', href: '/admin/settings/domain', label: 'Domain' },
] as const;

export function settingsPage(
  c: Ctx,
  tab: (typeof SETTINGS_TABS)[number]['key'],
  opts: Omit<AdminPageOpts, 'current'>,
  body: Child,
): Promise<Response> {
  return adminPage(
    c,
    { ...opts, current: 'settings' },
    <>
      <nav class="tabs" aria-label="Settings sections">
        {SETTINGS_TABS.map((t) => (
          <a href={t.href} aria-current={t.key === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {body}
    </>,
  );
}

export async function formOf(c: Ctx): Promise<Typed> {
  const body = await c.req.parseBody();
  const out: Typed = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && k !== '_csrf') out[k] = v.slice(0, 100_000);
  }
  return out;
}

/** Messages per field (the first segment of each issue's path). */
export function errorsOf(err: ZodError | AppError): Errors {
  const out: Errors = {};
  const issues =
    err instanceof AppError
      ? (err.issues ?? [])
      : err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  for (const i of issues) {
    const key = i.path.split('.')[0] || '_form';
    out[key] ??= i.message;
  }
  if (err instanceof AppError && Object.keys(out).length === 0) out._form = err.message;
  return out;
}

/** Runs a service call; a validation or state error becomes field messages instead of a thrown error. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: T } | { errors: Errors }> {
  try {
    return { ok: await fn() };
  } catch (err) {
    if (err instanceof AppError && ['validation_failed', 'invalid_state', 'conflict'].includes(err.code)) {
      return { errors: errorsOf(err) };
    }
    throw err;
  }
}

export function actorOf(c: Ctx): StoreActor {
  const p = c.get('principal');
  return { type: 'user', id: p?.kind === 'user' ? p.userId : null };
}

export const blankToNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);
