/**
 * Rate limiting: fixed-window counters keyed by a caller-chosen string
 * (e.g. `login:ip:1.2.3.4`, `login:acct:a@b.c`, `signup:ip:…`), on
 * `rate-limiter-flexible`.
 *
 * Backend: Redis when REDIS_URL is configured (its atomic Lua
 * set-NX-with-expiry + INCRBY), otherwise the PostgreSQL `rate_limits` table
 * (one atomic upsert that restarts an expired window and increments in the
 * same statement; migration 0100). Both are safe under concurrency: N
 * parallel hits always yield counts 1..N. Every (limit, window) pair gets its
 * own limiter object over the same storage and key prefix, so `peek` and
 * `reset` see the counter whatever limit it was counted against.
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
import { CompiledQuery } from 'kysely';
import {
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { AppError } from './errors.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, including this one. */
  count: number;
  /** Seconds until the window resets (≥ 1 when not allowed; 0 when allowed). */
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
  config: Pick<Config, 'REDIS_URL'> & Partial<Pick<Config, 'RATE_LIMIT_PREFIX'>>;
  db: Db;
}

const DEFAULT_KEY_PREFIX = 'rl';
const TABLE = 'rate_limits';

type Store = {
  backend: 'redis' | 'postgres';
  make: (points: number, duration: number) => RateLimiterStoreAbstract;
};

/**
 * The `pg`-client shape rate-limiter-flexible queries through, over our
 * Kysely handle (so it uses the app role's pool and its RLS-free table).
 */
function kyselyClient(db: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const r = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return { rows: r.rows, rowCount: Number(r.numAffectedRows ?? r.rows.length) };
    },
  };
}

function redisStore(url: string, keyPrefix: string): Store & { redis: Redis } {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return {
    backend: 'redis',
    redis,
    make: (points, duration) => new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration }),
  };
}

function postgresStore(db: Db, keyPrefix: string): Store {
  const client = kyselyClient(db);
  let first = true;
  return {
    backend: 'postgres',
    make: (points, duration) => {
      // One limiter object sweeps rows expired over an hour ago, every 5 minutes (unref'd timer).
      const clearExpiredByTimeout = first;
      first = false;
      return new RateLimiterPostgres({
        storeClient: client,
        storeType: 'client',
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout,
        keyPrefix,
        points,
        duration,
      });
    },
  };
}

const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function buildLimiter(store: Store, close: () => Promise<void>): RateLimiter {
  const limiters = new Map<string, RateLimiterStoreAbstract>();
  const limiterFor = (points: number, duration: number) => {
    const k = `${points}/${duration}`;
    let l = limiters.get(k);
    if (!l) {
      l = store.make(points, duration);
      limiters.set(k, l);
    }
    return l;
  };
  return {
    backend: store.backend,
    async hit(key, limit, windowSeconds) {
      try {
        const r = await limiterFor(limit, windowSeconds).consume(key, 1);
        return { allowed: true, count: r.consumedPoints, retryAfterSeconds: 0 };
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        return { allowed: false, count: err.consumedPoints, retryAfterSeconds: toSeconds(err.msBeforeNext) };
      }
    },
    async peek(key, limit) {
      const r = await limiterFor(limit, 1).get(key);
      const count = r?.consumedPoints ?? 0;
      const allowed = count < limit;
      return { allowed, count, retryAfterSeconds: allowed ? 0 : toSeconds(r?.msBeforeNext ?? 1000) };
    },
    async reset(key) {
      await limiterFor(1, 1).delete(key);
    },
    close,
  };
}

/** Builds a limiter: Redis when REDIS_URL is configured, else PostgreSQL. */
export function createRateLimiter(deps: RateLimiterDeps): RateLimiter {
  if (deps.config.REDIS_URL) {
    const store = redisStore(deps.config.REDIS_URL, deps.config.RATE_LIMIT_PREFIX ?? DEFAULT_KEY_PREFIX);
    return buildLimiter(store, async () => store.redis.disconnect());
  }
  return buildLimiter(
    postgresStore(deps.db, deps.config.RATE_LIMIT_PREFIX ?? DEFAULT_KEY_PREFIX),
    async () => {},
  );
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
