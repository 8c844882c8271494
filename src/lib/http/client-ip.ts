/**
 * The caller's IP address, for rate limits and the audit log: the first
 * X-Forwarded-For entry only behind a trusted proxy (TRUST_PROXY=1), else the
 * socket's remote address. Undefined when neither is known (in-process
 * requests such as `app.request()` in tests).
 */
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

export function clientIp(c: Context<AppEnv>): string | undefined {
  if (c.get('deps').config.TRUST_PROXY) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
