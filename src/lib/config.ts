/**
 * Configuration: the process environment, parsed once by zod at boot.
 *
 * A bad value stops the process with one line naming the variable and what is
 * wrong (see `loadConfig` callers in src/main.ts and workers/main.ts). Defaults
 * serve local development; production sets DATABASE_URL and REDIS_URL.
 */

import { availableParallelism } from 'node:os';
import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Which peers are our reverse proxies: a number of hops (`0` none, `1` one
 * proxy in front, `true`/`yes` = 1), or a comma-separated list of proxy
 * addresses/CIDRs (`10.0.0.0/8,::1`; `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = { hops: number } | { ranges: string[] };

function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === 'no') return { hops: 0 };
  if (v === 'true' || v === 'yes') return { hops: 1 };
  if (/^\d{1,2}$/.test(v)) return { hops: Number(v) };
  const ranges = v.split(',').map((r) => r.trim());
  try {
    if (ranges.some((r) => r === '')) throw new Error('empty entry');
    proxyAddr.compile(ranges);
    return { ranges };
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a hop count (0, 1, 2…) or proxy addresses/CIDRs' });
    return z.NEVER;
  }
}

const url = z.url({ protocol: /^(https?|postgres(ql)?|rediss?)$/ });

export const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Listen address: loopback by default, so the development mailbox and seeded demo are not on the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Default: http://localhost:{PORT} (3000 when PORT is 0 or unset). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRUST_PROXY: z.string().default('0').transform(parseTrustProxy),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Owner connection: runs migrations and creates the app role. Absent → embedded PostgreSQL. */
  DATABASE_URL: url.optional(),
  /** App-role connection (owns nothing, no BYPASSRLS). Absent → DATABASE_URL with user storeloom_app. */
  APP_DATABASE_URL: url.optional(),
  APP_DB_PASSWORD: z.string().optional(),
  /** Absent → BullMQ runs on the PostgreSQL backend in the same database. */
  REDIS_URL: url.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Embedded PostgreSQL port; 0 → derived from DATA_DIR so two checkouts can run side by side. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Run migrations at boot (default in development; production runs `npm run migrate` explicitly). */
  MIGRATE_ON_START: bool.optional(),
  /** Run the workers inside the API process (default in the embedded default). */
  RUN_WORKERS: bool.optional(),
  SEED_DEMO: bool.optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * App-role connections per process. Default 2 × CPUs + 2 (6 on 2 cores):
   * PostgreSQL on the same cores does best with few active backends; waiting
   * requests queue in the pool, not on locks inside the server.
   */
  DB_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(2 * availableParallelism() + 2),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** JSON array of JWKs (private, with kid); first is the active signing key. Absent → generated under DATA_DIR in dev. */
  JWT_SIGNING_KEYS: z.string().optional(),
  JWT_ISSUER: z.string().default('storeloom'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  SMTP_URL: url.optional(),
  MAIL_FROM: z.string().default('Storeloom <no-reply@storeloom.localhost>'),
  RATE_LOGIN_FAILS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  RATE_LOGIN_PER_IP: z.coerce.number().int().min(1).default(100),
  RATE_SIGNUPS_PER_IP: z.coerce.number().int().min(1).default(20),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  /** pk_…: lets the storefront load Stripe.js so shoppers enter card details with Stripe, not us. */
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  STRIPE_PRICE_STARTER: z.string().optional(),
  STRIPE_PRICE_GROWTH: z.string().optional(),
  STRIPE_PRICE_PRO: z.string().optional(),
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  /** Days a closed store keeps its data (and can be reopened) before the purge removes it. */
  STORE_CLOSE_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Merchant webhooks may target loopback/private addresses (default: yes except in production). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Per-queue overrides of WORKER_CONCURRENCY, e.g. `pricing=2,restock=1,webhooks=8`. */
  QUEUE_CONCURRENCY: z
    .string()
    .regex(/^([a-z0-9-]+=\d{1,3})?(,[a-z0-9-]+=\d{1,3})*$/)
    .default(''),
  /** Prefix of every queue key in Redis (BullMQ `prefix`), so deployments sharing one Redis never collide. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('bull'),
  /**
   * Per-process cache of the storefront's catalog JSON reads, invalidated by
   * PostgreSQL notices (on by default; off under NODE_ENV=test so tests read
   * what they just wrote without waiting for a notice).
   */
  STORE_READ_CACHE: bool.optional(),
  /**
   * The API's one PostgreSQL listener for change notices (catalog, stock, Host → store):
   * on by default (off under NODE_ENV=test), always on while STORE_READ_CACHE is. With it
   * the Host → store cache keeps entries for minutes; without it, 2 s.
   */
  CHANGE_NOTICES: bool.optional(),
  /**
   * Queues on a Redis Cluster: comma-separated startup nodes
   * (`redis://10.0.0.1:6379,redis://10.0.0.2:6379`). Queue keys get the
   * hash-tagged prefix `{QUEUE_PREFIX}`; REDIS_URL (rate limits) is separate.
   */
  QUEUE_REDIS_CLUSTER: z
    .string()
    .regex(/^redis:\/\/[^,\s]+(,redis:\/\/[^,\s]+)*$/, 'comma-separated redis://host:port URLs')
    .optional(),
  /** Prefix of every rate-limit counter key (Redis or the rate_limits table); test runs sharing one Redis use their own. */
  RATE_LIMIT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('rl'),
  /** Bearer token for GET /metrics; without it /metrics answers only loopback peers. */
  METRICS_TOKEN: z.string().min(16).optional(),
});

export type RawConfig = z.infer<typeof ZConfig>;

export interface Config extends Omit<RawConfig, 'TRUST_PROXY' | 'PUBLIC_URL'> {
  /** The platform's origin (PUBLIC_URL, or http://localhost:{PORT}). */
  PUBLIC_URL: string;
  /** True when any proxy is trusted (see `trustProxy`). */
  TRUST_PROXY: boolean;
  /** Which peers are trusted proxies (src/lib/http/client-ip.ts). */
  trustProxy: TrustProxy;
  /** Absolute DATA_DIR. */
  dataDir: string;
  /** Host (with port) of the apex, e.g. `localhost:3000`. */
  apexHost: string;
  /** Hostname of the apex without port, e.g. `localhost`. */
  apexHostname: string;
  embedded: boolean;
  migrateOnStart: boolean;
  runWorkers: boolean;
  seedDemo: boolean;
  /** STORE_READ_CACHE resolved: on unless NODE_ENV=test. */
  storeReadCache: boolean;
  /** CHANGE_NOTICES resolved: on unless NODE_ENV=test, and whenever the read cache is. */
  changeNotices: boolean;
  isProduction: boolean;
}

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError with one readable line per bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = ZConfig.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}`);
  }
  const raw = result.data;
  const publicUrl = new URL(raw.PUBLIC_URL ?? `http://localhost:${raw.PORT || 3000}`);
  const embedded = !raw.DATABASE_URL;
  const isProduction = raw.NODE_ENV === 'production';
  if (isProduction && embedded) {
    throw new ConfigError('Invalid configuration — DATABASE_URL: required when NODE_ENV=production');
  }
  const trustProxy = raw.TRUST_PROXY;
  const readCache = raw.STORE_READ_CACHE ?? raw.NODE_ENV !== 'test';
  return {
    ...raw,
    TRUST_PROXY: 'ranges' in trustProxy || trustProxy.hops > 0,
    trustProxy,
    PUBLIC_URL: publicUrl.origin,
    dataDir: path.resolve(raw.DATA_DIR),
    apexHost: publicUrl.host.toLowerCase(),
    apexHostname: publicUrl.hostname.toLowerCase(),
    embedded,
    isProduction,
    migrateOnStart: raw.MIGRATE_ON_START ?? !isProduction,
    runWorkers: raw.RUN_WORKERS ?? embedded,
    seedDemo: raw.SEED_DEMO ?? embedded,
    storeReadCache: readCache,
    changeNotices: readCache || (raw.CHANGE_NOTICES ?? raw.NODE_ENV !== 'test'),
  };
}

/** Builds the URL of a store from its handle, e.g. `http://acme.localhost:3000`. */
export function storeUrl(config: Config, handle: string): string {
  const u = new URL(config.PUBLIC_URL);
  u.hostname = `${handle}.${u.hostname}`;
  return u.origin;
}
