/**
 * Notices after a page form's redirect (admin and console pages).
 *
 * SECURITY: a notice comes ONLY from the page's fixed map of message codes.
 * The query string is attacker-controlled (a link in a phishing mail can
 * carry any text), so free text from it is never rendered; an unknown code
 * (including prototype names such as `constructor`) shows nothing.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../lib/http/context.js';

/** The message for the `?<param>=<code>` query, from `messages` only (own keys; unknown → undefined). */
export function noticeFrom(
  c: Context<AppEnv>,
  messages: Readonly<Record<string, string>>,
  param = 'notice',
): string | undefined {
  const code = c.req.query(param);
  return code !== undefined && Object.hasOwn(messages, code) ? messages[code] : undefined;
}

/**
 * The query for a redirect carrying a notice code the page's map knows
 * (type-checked), e.g. `?notice=mode_saved` or `?queue=x&notice=retried`.
 */
export function noticeQuery<M extends Readonly<Record<string, string>>>(
  _messages: M,
  code: keyof M & string,
  params: Record<string, string> = {},
): string {
  return `?${new URLSearchParams({ ...params, notice: code }).toString()}`;
}
