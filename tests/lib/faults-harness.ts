/**
 * Shared by the fault tests (tests/lib/faults-*.test.ts): a database of the
 * test's own, the API started as a real child process (`node --import tsx
 * src/main.ts`, on 127.0.0.1 only), shoppers that place orders against it
 * and retry what a 503 told them to retry (same Idempotency-Key), and the
 * books that must balance afterwards (./faults-books.ts, re-exported here).
 * Every loop is bounded in count and time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { seedCatalogue } from '../../bench/seed.js';
import { freePort } from '../../bench/support.js';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { migrateToLatest } from '../../src/lib/db/migrate.js';
import { migrateQueueBackend } from '../../src/lib/queue.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh, migrated database (ours alone: no other test's relay takes our events); `drop()` removes it. */
export async function createFaultDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `storeloom_faults_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const owner = createDb(createPool({ connectionString: url, max: 1 }));
  try {
    await migrateToLatest(owner);
  } finally {
    await owner.destroy();
  }
  await migrateQueueBackend({ kind: 'postgres', connectionString: url });
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** One store with a few products (large stock) in `url`. */
export async function seedShop(
  url: string,
): Promise<{ handle: string; tenantId: string; variantIds: string[] }> {
  const handle = `faults${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const seed = await seedCatalogue(client, {
      mainHandle: handle,
      mainProducts: 4,
      otherStores: 0,
      otherProducts: 0,
      mainStock: 100_000,
    });
    return { handle, tenantId: seed.mainTenantId, variantIds: seed.variantIds };
  } finally {
    await client.end();
  }
}

export interface Api {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Set once the process exited (it must not, until we stop it). */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the API (src/main.ts) with `env`; resolves once /healthz answers. */
export async function startApi(env: Record<string, string>, readyMs = 120_000): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const gone = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const api: Api = {
    child,
    port,
    output: () => out,
    exit: () => exited,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const r = await gone;
      clearTimeout(t);
      return r;
    },
  };
  const until = Date.now() + readyMs;
  for (;;) {
    if (exited) throw new Error(`the API exited before becoming healthy:\n${out.slice(-4000)}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the API was not healthy after ${readyMs} ms:\n${out.slice(-4000)}`);
    }
    const res = await call(port, 'localhost', 'GET', '/healthz').catch(() => undefined);
    if (res?.status === 200) return api;
    await sleep(100);
  }
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** One HTTP request to our server on 127.0.0.1 (node:http: fetch cannot set Host). Status 0 = no answer. */
export function call(
  port: number,
  host: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<Reply> {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: { host, ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, headers: {}, body: undefined }));
    req.end(data);
  });
}

export interface ShopperStats {
  /** Idempotency key → order id, for every checkout that answered 201. */
  orders: Map<string, string>;
  /** Checkouts refused for stock (409): no order, by design. */
  refused: number;
  /** Keys given up on at the deadline (must stay 0: the outage is shorter than the patience). */
  unresolved: number;
  statuses: Map<number, number>;
  /** 503 answers without Retry-After, or in another envelope. */
  bad503: number;
}

/**
 * `shoppers` concurrent loops, each placing orders (cart, one line, checkout)
 * until `stopAt` (or `atLeast`); every step that answers 503 (or nothing) is retried with the
 * same body and Idempotency-Key until it succeeds or `giveUpAt`.
 */
export async function runShoppers(
  api: Api,
  host: string,
  variantIds: string[],
  shoppers: number,
  stopAt: number,
  giveUpAt: number,
  /**
   * Keep shopping past `stopAt` (until `until` at the latest) while fewer than
   * `orders` were placed: a loaded machine gets the same amount of work
   * through the fault instead of fewer orders in the same seconds.
   */
  atLeast?: { orders: number; until: number },
): Promise<ShopperStats> {
  const stats: ShopperStats = {
    orders: new Map(),
    refused: 0,
    unresolved: 0,
    statuses: new Map(),
    bad503: 0,
  };
  const count = (r: Reply) => {
    stats.statuses.set(r.status, (stats.statuses.get(r.status) ?? 0) + 1);
    if (r.status === 503) {
      const code = (r.body as { error?: { code?: string } })?.error?.code;
      if (!r.headers['retry-after'] || code !== 'service_unavailable') stats.bad503++;
    }
  };
  const retrying = async (step: () => Promise<Reply>): Promise<Reply | undefined> => {
    for (let attempt = 0; attempt < 500 && Date.now() < giveUpAt; attempt++) {
      const r = await step();
      count(r);
      if (r.status !== 503 && r.status !== 0) return r;
      await sleep(100);
    }
    return undefined;
  };
  const loop = async (n: number) => {
    const more = () =>
      Date.now() < stopAt ||
      (atLeast !== undefined && stats.orders.size < atLeast.orders && Date.now() < atLeast.until);
    for (let i = 0; i < 10_000 && more(); i++) {
      const cart = await retrying(() => call(api.port, host, 'POST', '/api/store/carts', {}));
      if (cart?.status !== 201) {
        if (!cart) stats.unresolved++;
        continue;
      }
      const cartId = (cart.body as { id: string }).id;
      const variantId = variantIds[(n + i) % variantIds.length]!;
      const line = await retrying(() =>
        call(api.port, host, 'POST', `/api/store/carts/${cartId}/items`, { variantId, quantity: 1 }),
      );
      if (line?.status !== 200) {
        if (!line) stats.unresolved++;
        continue;
      }
      const key = randomUUID();
      const body = {
        email: `shopper${n}@example.test`,
        shippingAddress: {
          name: 'Ada',
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
        },
      };
      const out = await retrying(() =>
        call(api.port, host, 'POST', `/api/store/carts/${cartId}/checkout`, body, { 'idempotency-key': key }),
      );
      if (!out) stats.unresolved++;
      else if (out.status === 201) stats.orders.set(key, (out.body as { order: { id: string } }).order.id);
      else if (out.status === 409) stats.refused++;
    }
  };
  await Promise.all(Array.from({ length: shoppers }, (_, n) => loop(n)));
  return stats;
}

export {
  checkBooks,
  checkDelivery,
  type DrainWait,
  waitJobsSettled,
  waitOutboxDrained,
} from './faults-books.js';
