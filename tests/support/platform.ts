/**
 * One platform per test file, booted against the run's database (created and
 * migrated by global-setup) as the app role — never as a superuser, so RLS
 * is what the tests see. `request()` drives the real Hono app in-process with
 * a Host header, as a browser or integrator would.
 */
import { afterAll, inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { bootPlatform, type Platform } from '../../src/boot.js';
import { parseConfig } from '../../src/lib/config.js';
import type { Deps } from '../../src/lib/http/context.js';
import { createLogger } from '../../src/lib/logger.js';

export const APEX_HOST = 'localhost:3000';
export const storeHost = (handle: string) => `${handle}.localhost:3000`;

export interface TestPlatform extends Platform {
  app: App;
  deps: Deps;
}

const booted = new Map<string, Promise<TestPlatform>>();

export interface TestPlatformOptions {
  queue?: 'redis' | 'postgres';
  env?: Record<string, string>;
}

/** The platform for this test file (booted once, closed after the file's tests). */
export function testPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const key = JSON.stringify(opts);
  let p = booted.get(key);
  if (!p) {
    p = boot(opts);
    booted.set(key, p);
    afterAll(async () => {
      const platform = await p!;
      await platform.close();
      booted.delete(key);
    });
  }
  return p;
}

export function testConfig(opts: TestPlatformOptions = {}) {
  return parseConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: inject('databaseUrl'),
    ...(opts.queue === 'postgres' ? {} : { REDIS_URL: inject('redisUrl') }),
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '12',
    // This run's own rate-limit counters (another run on the same Redis within the hour must not count here).
    RATE_LIMIT_PREFIX: `t${inject('runId')}rl`,
    ...opts.env,
  });
}

async function boot(opts: TestPlatformOptions): Promise<TestPlatform> {
  const config = testConfig(opts);
  const logger = createLogger({ level: 'silent' });
  const platform = await bootPlatform(config, logger, { migrate: false, queuePrefix: `t${inject('runId')}` });
  return { ...platform, app: createApp(platform.deps) };
}

export interface RequestOptions {
  host?: string;
  token?: string;
  body?: unknown;
  /** Raw body string (sent as is). */
  raw?: string;
  headers?: Record<string, string>;
}

/** Calls the app in-process. JSON bodies are encoded; the response body is parsed when JSON. */
export async function request(app: App, method: string, path: string, opts: RequestOptions = {}) {
  const headers: Record<string, string> = { host: opts.host ?? APEX_HOST, ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await app.request(`http://${headers.host}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely
  return { status: res.status, headers: res.headers, text, body: json as any };
}
