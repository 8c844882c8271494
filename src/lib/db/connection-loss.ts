/**
 * Is this error the loss of a dependency's connection (PostgreSQL or Redis
 * down, restarting, a session terminated) rather than a fault of the work
 * itself? Such errors fail only the work in flight; the caller answers 503
 * `service_unavailable` with Retry-After, and the pools reconnect by
 * themselves. No imports: src/lib/errors.ts uses it.
 */

/** SQLSTATEs of a lost or refused session (class 08, operator intervention 57P0x, too many connections). */
const LOST_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const LOST_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** pg's, pg-pool's and ioredis's messages for a dead or unreachable connection. */
const LOST_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection is closed|enableOfflineQueue|Reached the max retries per request/i;

export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (LOST_SQLSTATES.has(e.code) || LOST_ERRNOS.has(e.code))) return true;
  if (typeof e.message === 'string' && LOST_MESSAGES.test(e.message)) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionLoss(x, depth + 1))) return true;
  return isConnectionLoss(e.cause, depth + 1);
}
