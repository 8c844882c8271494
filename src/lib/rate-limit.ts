/**
 * Rate limiting: fixed-window counters keyed by a caller-chosen string
 * (e.g. `login:ip:1.2.3.4`, `login:acct:a@b.c`, `signup:ip:…`).
 *
 * Backend: Redis when REDIS_URL is configured (INCR + EXPIRE in one MULTI, so
 * the first hit of a window sets its expiry atomically), otherwise the
 * PostgreSQL `rate_limits` table (one atomic upsert that resets an expired
 * window and increments in the same statement). Both are safe under
 * concurrency: N parallel hits always yield counts 1..N.
 *
 * Usage:
 *   const limiter = rateLimiterFor(deps);
 *   await enforceRateLimit(limiter, `login:ip:${ip}`, config.RATE_LOGIN_PER_IP, 900);
 *   // → throws AppError('rate_limited', …, {headers: {'Retry-After': n}}) when over.
 *
 * `peek` reads a counter without incrementing (used for "failed logins per
 * account", where only failures count but every attempt must be refused once
 * the limit is reached).
 */
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { AppError } from './errors.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, including this one. */
  count: number;
  /** Seconds until the window resets (≥ 1 when not allowed; 0 when allowed and unknown). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly backend: 'redis' | 'postgres';
  /** Counts one hit against `key`; allowed while the window's count ≤ limit. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /** Reads the current window without counting; allowed while count < limit. */
  peek(key: string, limit: number): Promise<RateLimitResult>;
  /** Clears a key (e.g. failed-login counter after a successful login). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiterDeps {
  config: Pick<Config, 'REDIS_URL'>;
  db: Db;
  now?: () => Date;
}

const KEY_PREFIX = 'rl:';

function createRedisLimiter(url: string): RateLimiter {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    backend: 'redis',
    async hit(key, limit, windowSeconds) {
      const k = KEY_PREFIX + key;
      // NX: only the first hit of a window sets the expiry; the window is fixed.
      const res = await redis.multi().incr(k).expire(k, windowSeconds, 'NX').pttl(k).exec();
      if (!res) throw new Error('rate limiter: redis transaction aborted');
      const count = Number(res[0]?.[1]);
      const pttl = Number(res[2]?.[1]);
      const retry = pttl > 0 ? Math.ceil(pttl / 1000) : windowSeconds;
      return { allowed: count <= limit, count, retryAfterSeconds: count <= limit ? 0 : Math.max(1, retry) };
    },
    async peek(key, limit) {
      const k = KEY_PREFIX + key;
      const res = await redis.multi().get(k).pttl(k).exec();
      const count = Number(res?.[0]?.[1] ?? 0) || 0;
      const pttl = Number(res?.[1]?.[1]);
      const allowed = count < limit;
      return { allowed, count, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(pttl / 1000)) };
    },
    async reset(key) {
      await redis.del(KEY_PREFIX + key);
    },
    async close() {
      redis.disconnect();
    },
  };
}

function createPostgresLimiter(db: Db, now: () => Date): RateLimiter {
  return {
    backend: 'postgres',
    async hit(key, limit, windowSeconds) {
      const at = now();
      const resetAt = new Date(at.getTime() + windowSeconds * 1000);
      // One statement: insert a fresh window, or increment the live one, or
      // restart an expired one. The row lock of ON CONFLICT serialises racers.
      const { rows } = await sql<{ count: number; reset_at: Date }>`
        insert into rate_limits (key, count, reset_at) values (${key}, 1, ${resetAt})
        on conflict (key) do update set
          count = case when rate_limits.reset_at <= ${at} then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= ${at} then excluded.reset_at else rate_limits.reset_at end
        returning count, reset_at`.execute(db);
      const row = rows[0]!;
      const allowed = row.count <= limit;
      const retry = Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - at.getTime()) / 1000));
      return { allowed, count: row.count, retryAfterSeconds: allowed ? 0 : retry };
    },
    async peek(key, limit) {
      const at = now();
      const row = await db
        .selectFrom('rate_limits')
        .select(['count', 'reset_at'])
        .where('key', '=', key)
        .where('reset_at', '>', at)
        .executeTakeFirst();
      const count = row?.count ?? 0;
      const allowed = count < limit;
      const retry = row
        ? Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - at.getTime()) / 1000))
        : 0;
      return { allowed, count, retryAfterSeconds: allowed ? 0 : retry };
    },
    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
    async close() {},
  };
}

/** Builds a limiter: Redis when REDIS_URL is configured, else PostgreSQL. */
export function createRateLimiter(deps: RateLimiterDeps): RateLimiter {
  if (deps.config.REDIS_URL) return createRedisLimiter(deps.config.REDIS_URL);
  return createPostgresLimiter(deps.db, deps.now ?? (() => new Date()));
}

const shared = new WeakMap<Db, RateLimiter>();

/** The process-wide limiter for these deps (one Redis connection per database handle). */
export function rateLimiterFor(deps: RateLimiterDeps): RateLimiter {
  let l = shared.get(deps.db);
  if (!l) {
    l = createRateLimiter(deps);
    shared.set(deps.db, l);
  }
  return l;
}

export function rateLimitedError(retryAfterSeconds: number): AppError {
  const n = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('rate_limited', `Too many attempts; try again in ${n} seconds`, {
    headers: { 'Retry-After': String(n) },
  });
}

/** Counts a hit and throws 429 rate_limited (with Retry-After) when over the limit. */
export async function enforceRateLimit(
  limiter: RateLimiter,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<void> {
  const r = await limiter.hit(key, limit, windowSeconds);
  if (!r.allowed) throw rateLimitedError(r.retryAfterSeconds);
}

/** Throws 429 when the counter is already at its limit, without counting. */
export async function assertUnderLimit(limiter: RateLimiter, key: string, limit: number): Promise<void> {
  const r = await limiter.peek(key, limit);
  if (!r.allowed) throw rateLimitedError(r.retryAfterSeconds);
}
