/**
 * Small helpers shared by the admin domain pages (pricing, restock, alerts):
 * amounts as "<currency> <major units>" and notices from a closed set.
 *
 * SECURITY: a notice shown after a redirect comes ONLY from the page's fixed
 * map of message codes. The query string is attacker-controlled (a link in a
 * phishing mail can carry any text), so free text from it is never rendered;
 * an unknown code shows nothing.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { toDecimalString } from '../../lib/money.js';

/** An amount in minor units for a table cell, e.g. "USD 12.34"; '—' when unknown. */
export function moneyText(minor: number | null, currency: string): string {
  return minor == null ? '—' : `${currency} ${toDecimalString(minor, currency)}`;
}

/** The message for the `?<param>=<code>` query, from `messages` only (own keys; unknown → undefined). */
export function noticeFrom(
  c: Context<AppEnv>,
  messages: Readonly<Record<string, string>>,
  param = 'notice',
): string | undefined {
  const code = c.req.query(param);
  return code !== undefined && Object.hasOwn(messages, code) ? messages[code] : undefined;
}

/** The redirect after a page form: back to `path` with a notice code the page's map knows (type-checked). */
export function redirectWithNotice<M extends Readonly<Record<string, string>>>(
  c: Context<AppEnv>,
  path: string,
  _messages: M,
  code: keyof M & string,
): Response {
  return c.redirect(`${path}?notice=${encodeURIComponent(code)}`, 303);
}
