/**
 * The soak (`npm run soak -- --minutes 30`): API and worker processes (two of
 * each by default) against one PostgreSQL and Redis, many stores, and a mixed
 * shopper load — 80% browse/search, 15% cart, 5% checkout — from concurrent
 * virtual shoppers spread over the stores and over the API processes.
 *
 * The background the platform runs while shoppers shop is on too: every
 * store has a pricing rule (propose mode, so shoppers' prices hold) and a
 * variant whose low-stock threshold its first sales cross (alerts open, the
 * alert mail goes out); every few seconds a pricing run and a daily alert
 * sweep are queued for a random store; and every order placed is then paid
 * (as the merchant marks a manual payment paid), so order.paid flows too.
 *
 * Reports, per window (5 minutes by default): p50/p99 per scenario and the
 * errors (any non-2xx or network failure, or a background job that could not
 * be queued; must be 0); each process's RSS over time; the outbox lag (p99 of
 * sent − due over the run); and, after the load stops and the outbox drains,
 * the books: no variant oversold (reserved ≤ stock, stock ≥ 0), the stock
 * ledger equals stock, no due outbox row left unsent, every order's
 * order.placed and every paid order's order.paid written once and sent, each
 * mail to a shopper sent once (no address got the same subject twice), no
 * job failed in any queue — and how many pricing runs and alerts happened.
 */

import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';
import { createDb, createPool, type Db } from '../src/lib/db/index.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';
import { createQueueHub, type QueueHub } from '../src/lib/queue.js';
import { QUEUES } from '../src/lib/queue-names.js';
import { markOrderPaidByAdmin } from '../src/modules/orders/admin-service.js';
import { type ApiProcess, REDIS_URL, scratchDatabase, startApi, startWorkerProcess } from './harness.js';
import { seedScale } from './scale-seed.js';
import { loadStores, prepareBackground, type SoakChecks, type Store, settleAndCheck } from './soak-checks.js';
import { type DeferredKind, type DeferredTracker, startDeferredKinds } from './soak-deferred.js';
import { heapSiteLines, type MemoryTrack, probeHeapSites, probeMemory } from './soak-memory.js';

export type { SoakChecks } from './soak-checks.js';

export type Scenario = 'browse' | 'search' | 'cart' | 'checkout';

export interface SoakOptions {
  minutes: number;
  stores: number;
  products: number;
  apis: number;
  workers: number;
  /** Concurrent virtual shoppers. */
  users: number;
  windowSeconds: number;
  /** Every this many seconds a pricing run and a daily alert sweep are queued for a random store. */
  backgroundSeconds?: number;
  /** The deferred job kinds (bench/soak-deferred.ts) are started this many seconds into the load (default 30). */
  deferredAfterSeconds?: number;
  /** Extra Node flags per API process (index i for api-(i+1); missing: none), after the production ones. */
  apiNodeFlags?: string[][];
  /** Run V8's sampling heap profiler in the API processes and log each one's top live allocation sites per window. */
  heapProfile?: boolean;
  /** Called once, mid-run, with the worker processes (the multi-process test kills one). */
  midRun?: (workers: ChildProcess[]) => void;
  log?: (line: string) => void;
}

export interface WindowFigures {
  window: number;
  scenarios: Record<Scenario, { count: number; p50: number; p99: number }>;
  errors: number;
}

export interface SoakReport {
  windows: WindowFigures[];
  rss: { process: string; mb: number[] }[];
  /** Each process's memory breakdown every 5 s (bench/soak-memory.ts summarises it). */
  memory: MemoryTrack[];
  errors: number;
  errorSamples: string[];
  orders: number;
  outboxLagP99Ms: number;
  checks: SoakChecks;
  /** What the background did: pricing runs finished, alerts opened, paid orders. */
  background: { pricingRuns: number; alertsOpened: number; paid: number };
  /** The deferred kinds the soak started, when each first ran through, and when all had (warm-up's end). */
  deferred: { kinds: DeferredKind[]; doneAtS: number | null };
  /** Orders by status at the end (an expired reservation shows as cancelled). */
  ordersByStatus: Record<string, number>;
}

const TERMS = ['linen', 'wool shirt', 'ceramc mug', 'lamp', 'velvet', 'oak chair', 'copper'];
const ADDRESS = {
  name: 'Soak Shopper',
  line1: '1 Main St',
  city: 'Portland',
  postalCode: '97201',
  country: 'US',
};

interface Res {
  status: number;
  body: string;
}

function call(
  agent: http.Agent,
  api: ApiProcess,
  host: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${api.url}${path}`,
      {
        method,
        agent,
        headers: { host, ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (data) req.write(data);
    req.end();
  });
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** One virtual shopper's step; returns the scenario and whether it failed (with why). */
async function step(
  agent: http.Agent,
  api: ApiProcess,
  store: Store,
  orders: { n: number },
  pay: (tenantId: string, orderId: string) => Promise<void>,
): Promise<[Scenario, string | undefined]> {
  const host = `${store.handle}.localhost:${api.port}`;
  const roll = Math.random();
  const bad = (r: Res, what: string) =>
    r.status >= 200 && r.status < 300 ? undefined : `${what} → ${r.status} ${r.body.slice(0, 120)}`;
  if (roll < 0.55) {
    const r =
      Math.random() < 0.5
        ? await call(agent, api, host, 'GET', '/api/store/products')
        : await call(agent, api, host, 'GET', `/api/store/products/${pick(store.productHandles)}`);
    return ['browse', bad(r, 'browse')];
  }
  if (roll < 0.8) {
    const r = await call(agent, api, host, 'GET', `/api/store/products?q=${encodeURIComponent(pick(TERMS))}`);
    return ['search', bad(r, 'search')];
  }
  const cart = await call(agent, api, host, 'POST', '/api/store/carts', {});
  if (cart.status !== 201) return [roll < 0.95 ? 'cart' : 'checkout', bad(cart, 'cart create')];
  const cartId = (JSON.parse(cart.body) as { id: string }).id;
  const add = await call(agent, api, host, 'POST', `/api/store/carts/${cartId}/items`, {
    variantId: pick(store.variantIds),
    quantity: 1,
  });
  if (roll < 0.95) return ['cart', bad(add, 'add to cart')];
  if (add.status !== 200) return ['checkout', bad(add, 'add to cart')];
  const n = ++orders.n;
  const placed = await call(
    agent,
    api,
    host,
    'POST',
    `/api/store/carts/${cartId}/checkout`,
    { email: `soak-${n}-${randomUUID().slice(0, 8)}@example.test`, shippingAddress: ADDRESS },
    { 'idempotency-key': randomUUID() },
  );
  if (placed.status !== 201) return ['checkout', bad(placed, 'checkout')];
  try {
    await pay(store.id, (JSON.parse(placed.body) as { order: { id: string } }).order.id);
  } catch (err) {
    return ['checkout', `mark paid: ${(err as Error).message}`];
  }
  return ['checkout', undefined];
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const db = await scratchDatabase('storeloom_soak');
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  const apis: ApiProcess[] = [];
  const workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
  const queuePrefix = `soak${randomUUID().slice(0, 8)}`;
  let hub: QueueHub | undefined;
  let appDb: Db | undefined;
  try {
    await seedScale(owner, {
      prefix: 'soak',
      groups: [{ stores: opts.stores, products: opts.products }],
      orders: opts.stores * 20,
      stock: 1_000_000,
    });
    await prepareBackground(owner);
    const stores = await loadStores(owner);
    const env = { QUEUE_PREFIX: queuePrefix, MEMORY_PROBE: '1' };
    hub = createQueueHub({ kind: 'redis', url: REDIS_URL }, queuePrefix);
    appDb = createDb(createPool({ connectionString: appDatabaseUrl(db.url), max: 4 }));
    const merchantDb = appDb;
    let paid = 0;
    const pay = async (tenantId: string, orderId: string) => {
      await markOrderPaidByAdmin(merchantDb, tenantId, orderId, {
        actor: { type: 'system', id: null },
        now: new Date(),
      });
      paid++;
    };
    const apiEnv = opts.heapProfile ? { ...env, MEMORY_PROBE_HEAP: '1' } : env;
    for (let i = 0; i < opts.apis; i++) {
      const flags = opts.apiNodeFlags?.[i] ?? [];
      if (flags.length) log(`api-${i + 1} runs with extra Node flags ${flags.join(' ')}`);
      apis.push(await startApi(db.url, apiEnv, flags));
    }
    for (let i = 0; i < opts.workers; i++) workers.push(await startWorkerProcess(db.url, env));
    const processes = [
      ...apis.map((a, i) => ({ name: `api-${i + 1}`, child: a.child })),
      ...workers.map((w, i) => ({ name: `worker-${i + 1}`, child: w.child })),
    ];
    const rss = processes.map((p) => ({ process: p.name, mb: [] as number[] }));
    const memory: MemoryTrack[] = processes.map((p) => ({ process: p.name, samples: [] }));
    // An idle kept-alive socket is dropped by the client after 4 s, before the server's 5 s keep-alive
    // timeout closes it: otherwise a request sent on a socket the server is closing meets ECONNRESET
    // (the first 30-minute run counted 13 of those, all in its most loaded windows — the client's race, not an answer).
    const agent = new http.Agent({ keepAlive: true, maxSockets: opts.users, timeout: 4_000 });
    const started = Date.now();
    const deferred: DeferredTracker = await startDeferredKinds(
      hub,
      stores.map((s) => s.id),
      { afterSeconds: opts.deferredAfterSeconds ?? 30, startedMs: started },
    );
    log(
      `deferred kinds started, due ${opts.deferredAfterSeconds ?? 30} s into the load: ` +
        deferred
          .kinds()
          .map((k) => `${k.kind} ×${k.queued}`)
          .join(', '),
    );
    const endAt = started + opts.minutes * 60_000;
    const windows: WindowFigures[] = [];
    let current = { lat: new Map<Scenario, number[]>(), errors: 0 };
    const errorSamples: string[] = [];
    let errors = 0;
    const orders = { n: 0 };
    const closeWindow = () => {
      const scenarios = {} as WindowFigures['scenarios'];
      for (const s of ['browse', 'search', 'cart', 'checkout'] as Scenario[]) {
        const xs = (current.lat.get(s) ?? []).sort((a, b) => a - b);
        scenarios[s] = { count: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99) };
      }
      const w = { window: windows.length + 1, scenarios, errors: current.errors };
      windows.push(w);
      log(
        `window ${w.window}: ${Object.entries(scenarios)
          .map(([s, f]) => `${s} n=${f.count} p50=${f.p50.toFixed(1)} p99=${f.p99.toFixed(1)} ms`)
          .join(
            '; ',
          )}; errors ${w.errors}; rss ${rss.map((r) => `${r.process}=${r.mb.at(-1) ?? 0}MB`).join(' ')}`,
      );
      current = { lat: new Map(), errors: 0 };
      if (opts.heapProfile)
        for (const [i, a] of apis.entries())
          void probeHeapSites(a.child).then((sites) => {
            if (sites) for (const l of heapSiteLines(`api-${i + 1}`, w.window, sites)) log(l);
          });
    };
    let polling = false;
    const sampler = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      if (!polling && deferred.doneAtS() === null) {
        polling = true;
        void deferred
          .poll()
          .then(() => {
            const at = deferred.doneAtS();
            if (at !== null)
              log(`deferred kinds have all run once by ${at} s: warm-up ends with that window`);
          })
          .catch((err: Error) => log(`deferred poll: ${err.message}`))
          .finally(() => {
            polling = false;
          });
      }
      for (const [i, p] of processes.entries()) {
        rss[i]!.mb.push(rssMb(p.child.pid));
        void probeMemory(p.child).then((m) => {
          if (m) memory[i]!.samples.push({ s, m });
        });
      }
    }, 5_000);
    const queueHub = hub;
    const background = setInterval(
      () => {
        const tenantId = pick(stores).id;
        Promise.all([
          queueHub.queue(QUEUES.pricing).add('recalculate', { tenantId }),
          queueHub.queue(QUEUES.alerts).add('daily', { tenantId }),
        ]).catch((err: Error) => {
          errors++;
          current.errors++;
          if (errorSamples.length < 10) errorSamples.push(`queue background job: ${err.message}`);
        });
      },
      (opts.backgroundSeconds ?? 5) * 1000,
    );
    let windowEnd = started + opts.windowSeconds * 1000;
    let midRunDone = false;
    const shopper = async () => {
      while (Date.now() < endAt) {
        if (Date.now() >= windowEnd) {
          windowEnd += opts.windowSeconds * 1000;
          closeWindow();
        }
        if (!midRunDone && Date.now() > started + (opts.minutes * 60_000) / 2) {
          midRunDone = true;
          opts.midRun?.(workers.map((w) => w.child));
        }
        const t0 = performance.now();
        let scenario: Scenario = 'browse';
        let failure: string | undefined;
        try {
          [scenario, failure] = await step(agent, pick(apis), pick(stores), orders, pay);
        } catch (err) {
          failure = `network: ${(err as Error).message}`;
        }
        const ms = performance.now() - t0;
        if (failure) {
          errors++;
          current.errors++;
          if (errorSamples.length < 10) errorSamples.push(failure);
        }
        const xs = current.lat.get(scenario) ?? [];
        xs.push(ms);
        current.lat.set(scenario, xs);
      }
    };
    await Promise.all(Array.from({ length: opts.users }, shopper));
    clearInterval(background);
    closeWindow();
    clearInterval(sampler);
    agent.destroy();
    const checks = await settleAndCheck(owner, hub, log);
    const since = [new Date(started)];
    const pricingRuns = await owner.query<{ n: string }>(
      `select count(*) as n from job_runs where kind like 'pricing%' and created_at >= $1`,
      since,
    );
    const alertsOpened = await owner.query<{ n: string }>(
      'select count(*) as n from stock_alerts where created_at >= $1',
      since,
    );
    const lag = await owner.query<{ p99: number | null }>(
      `select percentile_cont(0.99) within group (order by extract(epoch from (sent_at - available_at)) * 1000) as p99
         from outbox where sent_at is not null and available_at >= $1`,
      [new Date(started)],
    );
    const byTopic = await owner.query<{ topic: string; n: string; p99: number }>(
      `select topic, count(*) as n,
              round(percentile_cont(0.99) within group (order by extract(epoch from (sent_at - available_at)) * 1000)) as p99
         from outbox where sent_at is not null and available_at >= $1 group by topic order by 1`,
      [new Date(started)],
    );
    log(`outbox lag p99 by topic: ${byTopic.rows.map((r) => `${r.topic} ${r.p99} ms (${r.n})`).join(', ')}`);
    const placed = await owner.query<{ n: string }>(
      `select count(*) as n from orders where email like 'soak-%'`,
    );
    const statuses = await owner.query<{ status: string; n: string }>(
      `select status, count(*) as n from orders where email like 'soak-%' group by 1 order by 1`,
    );
    const ordersByStatus = Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)]));
    await deferred.poll();
    const deferredKinds = deferred.kinds();
    log(
      `deferred kinds: ${deferredKinds
        .map(
          (k) =>
            `${k.kind} ×${k.queued}: first done ${k.firstDoneS ?? '—'} s, all done ${k.allDoneS ?? 'not yet'} s` +
            (k.failed ? `, ${k.failed} failed` : ''),
        )
        .join('; ')}; soak orders by status ${JSON.stringify(ordersByStatus)}`,
    );
    return {
      windows,
      rss,
      memory,
      errors,
      errorSamples,
      orders: Number(placed.rows[0]!.n),
      outboxLagP99Ms: Math.round(lag.rows[0]!.p99 ?? 0),
      checks,
      background: {
        pricingRuns: Number(pricingRuns.rows[0]!.n),
        alertsOpened: Number(alertsOpened.rows[0]!.n),
        paid,
      },
      deferred: { kinds: deferredKinds, doneAtS: deferred.doneAtS() },
      ordersByStatus,
    };
  } finally {
    if (process.env.SOAK_DEBUG) for (const w of workers) log(w.output().slice(-3000));
    for (const a of apis) await a.stop();
    for (const w of workers) await w.stop();
    await hub?.close();
    await appDb?.destroy();
    await owner.end();
    await db.drop();
  }
}
