/**
 * `npm run bench -- storefront-cache`: the storefront read cache side by side.
 *
 * Seeds one store with 1,000 products × 3 variants (plus 20 small stores),
 * starts the real API twice — read cache on (the default) and off
 * (STORE_READ_CACHE=0) — and drives each, one at a time, at
 * BENCH_CONNECTIONS (50) for BENCH_SECONDS (10) after a warm-up:
 *   product        GET /api/store/products/<random of 1,000 handles>
 *   product 304    the same with If-None-Match of the current ETag
 *   list           GET /api/store/products (rotating over 6 sorts/filters)
 *   product+stock  product while 50 stock changes a second land in the store
 *                  (each a stock.changed outbox row → a notice → that
 *                  product's entry is dropped in every process)
 * Prints req/s, p50, p99 and the cached/uncached ratio, and the targets
 * (product ≥ 2,500 req/s, list ≥ 3,000 req/s, p99 < 50 ms). The machine may be
 * shared: the ratio is the steadier figure.
 */
import pg from 'pg';
import {
  type AcOptions,
  type ApiProcess,
  type Figures,
  httpSend,
  measure,
  scratchDatabase,
  startApi,
} from './harness.js';
import { seedCatalogue } from './seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const HANDLE = 'cachebench';
const LISTS = [
  '/api/store/products',
  '/api/store/products?sort=price_asc',
  '/api/store/products?sort=newest',
  '/api/store/products?inStock=true',
  '/api/store/products?category=home',
  '/api/store/products?limit=48',
];

type Scenario = 'product' | 'product 304' | 'list' | 'product+stock';
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Inserts `perSecond` stock.changed outbox rows a second for random products until stopped. */
function stockChurn(url: string, tenantId: string, productIds: string[], perSecond: number) {
  const client = new pg.Client({ connectionString: url });
  let stopped = false;
  const done = (async () => {
    await client.connect();
    while (!stopped) {
      const started = Date.now();
      const id = pick(productIds);
      await client.query(
        `with v as (update variants set stock = stock + 1, updated_at = now()
                     where tenant_id = $1 and product_id = $2 returning product_id)
         insert into outbox (tenant_id, topic, payload)
         select $1, 'stock.changed', jsonb_build_object('productId', $2::text) from v limit 1`,
        [tenantId, id],
      );
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 / perSecond - (Date.now() - started))));
    }
    await client.end();
  })();
  return async () => {
    stopped = true;
    await done;
  };
}

export async function runStorefrontCacheBench(): Promise<void> {
  const db = await scratchDatabase('bench_cache');
  const apis: ApiProcess[] = [];
  try {
    const seedClient = new pg.Client({ connectionString: db.url });
    await seedClient.connect();
    const seed = await seedCatalogue(seedClient, {
      mainHandle: HANDLE,
      mainProducts: 1_000,
      otherStores: 20,
      otherProducts: 100,
      mainStock: 1_000_000,
    });
    const ids = await seedClient.query<{ id: string }>('select id from products where tenant_id = $1', [
      seed.mainTenantId,
    ]);
    await seedClient.end();
    const productIds = ids.rows.map((r) => r.id);

    const cached = await startApi(db.url);
    apis.push(cached);
    const uncached = await startApi(db.url, { STORE_READ_CACHE: '0' });
    apis.push(uncached);

    const results: Record<string, Partial<Record<Scenario, Figures>>> = {};
    for (const [label, api] of [
      ['cached', cached],
      ['uncached', uncached],
    ] as const) {
      const host = `${HANDLE}.localhost:${api.port}`;
      const probe = await httpSend(`${api.url}/api/store/products/${seed.handles[0]}`, host);
      log(`${label}: probe → ${probe.status}, X-Cache ${probe.headers['x-cache']}`);
      // The current ETag of every product, for the 304 scenario.
      const etags = new Map<string, string>();
      for (const h of seed.handles) {
        const r = await httpSend(`${api.url}/api/store/products/${h}`, host);
        etags.set(h, String(r.headers.etag));
      }
      const base: AcOptions = {
        url: api.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { host },
      };
      const withPath = (path: () => string, headers?: () => Record<string, string>): AcOptions => ({
        ...base,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              path: path(),
              headers: { ...req.headers, host, ...headers?.() },
            }),
          },
        ],
      });
      const row: Partial<Record<Scenario, Figures>> = {};
      row.product = await measure(
        withPath(() => `/api/store/products/${pick(seed.handles)}`),
        WARMUP,
      );
      let h = seed.handles[0]!;
      row['product 304'] = await measure(
        withPath(
          () => {
            h = pick(seed.handles);
            return `/api/store/products/${h}`;
          },
          () => ({ 'if-none-match': etags.get(h) ?? '' }),
        ),
        WARMUP,
      );
      row.list = await measure(
        withPath(() => pick(LISTS)),
        WARMUP,
      );
      const stop = stockChurn(db.url, seed.mainTenantId, productIds, 50);
      row['product+stock'] = await measure(
        withPath(() => `/api/store/products/${pick(seed.handles)}`),
        WARMUP,
      );
      await stop();
      results[label] = row;
    }

    log('');
    log(
      `storefront read cache — ${CONNECTIONS} connections, ${SECONDS} s each (a shared machine: figures are noisy)`,
    );
    log('scenario        cached req/s  p50   p99 | uncached req/s  p50   p99 | ratio');
    for (const s of ['product', 'product 304', 'list', 'product+stock'] as Scenario[]) {
      const c = results.cached?.[s];
      const u = results.uncached?.[s];
      if (!c || !u) continue;
      // 304 counts as non-2xx in autocannon: report failures only for the 200 scenarios.
      const fails = s === 'product 304' ? '' : `  failures ${c.failures}/${u.failures}`;
      log(
        `${s.padEnd(15)} ${c.rps.toFixed(0).padStart(12)} ${String(c.p50).padStart(4)} ${String(c.p99).padStart(5)} |` +
          ` ${u.rps.toFixed(0).padStart(14)} ${String(u.p50).padStart(4)} ${String(u.p99).padStart(5)} |` +
          ` ${(c.rps / u.rps).toFixed(2)}×${fails}`,
      );
    }
    const p = results.cached?.product;
    const l = results.cached?.list;
    log('');
    log(`target product ≥ 2,500 req/s, p99 < 50 ms: ${p && p.rps >= 2500 && p.p99 < 50 ? 'met' : 'NOT met'}`);
    log(`target list ≥ 3,000 req/s, p99 < 50 ms:    ${l && l.rps >= 3000 && l.p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all(apis.map((a) => a.stop()));
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runStorefrontCacheBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/**
 * `npm run bench -- storefront-cache-notify`: what stock invalidation costs a
 * checkout. A checkout-shaped transaction — reserve two variants, write their
 * two stock.changed rows and an order.placed row — from BENCH_NOTIFY_CLIENTS
 * (1 and 16) concurrent clients for BENCH_NOTIFY_SECONDS (3) per round, with
 * the outbox trigger in three modes, rotating (4 rounds each):
 *   notify  migration 0270's trigger: a NOTIFY per stock change (installed
 *           here as it was, for the comparison);
 *   table   migration 0340's: the change is a row in catalog_stock_changes;
 *   off     no trigger at all.
 * One connection LISTENs as an API process does. PostgreSQL queues notices
 * at commit under one global lock, so the concurrent figure is the one that
 * can show serialisation.
 */
const MODES = ['notify', 'table', 'off'] as const;

export async function runNotifyCostBench(): Promise<void> {
  const seconds = Number(process.env.BENCH_NOTIFY_SECONDS ?? 3);
  const rounds = 4;
  const db = await scratchDatabase('bench_notify');
  const owner = new pg.Client({ connectionString: db.url });
  const listener = new pg.Client({ connectionString: db.url });
  await owner.connect();
  await listener.connect();
  let notices = 0;
  listener.on('notification', () => {
    notices++;
  });
  await listener.query('listen storeloom_catalog');
  try {
    const seed = await seedCatalogue(owner, {
      mainHandle: 'notifybench',
      mainProducts: 1_000,
      otherStores: 0,
      otherProducts: 0,
      mainStock: 1_000_000,
    });
    const variants = await owner.query<{ id: string; product_id: string }>(
      'select id, product_id from variants where tenant_id = $1 and stock > 0',
      [seed.mainTenantId],
    );
    const tenantId = seed.mainTenantId;
    // Migration 0270's trigger as it was: a NOTIFY for every stock change.
    await owner.query(`
      create function bench_outbox_notify_0270() returns trigger language plpgsql as $fn$
      begin
        if new.topic = 'stock.changed' and (new.payload ->> 'productId') is not null then
          perform pg_notify('storeloom_catalog', new.tenant_id::text || ' ' || (new.payload ->> 'productId'));
        else
          perform pg_notify('storeloom_catalog', new.tenant_id::text);
        end if;
        return null;
      end $fn$;
      create trigger bench_outbox_notify_0270 after insert on outbox for each row
        when (new.topic in ('stock.changed')) execute function bench_outbox_notify_0270();`);
    const setMode = async (mode: (typeof MODES)[number]) => {
      const on = (t: string, yes: boolean) => `alter table outbox ${yes ? 'enable' : 'disable'} trigger ${t}`;
      await owner.query(on('bench_outbox_notify_0270', mode === 'notify'));
      await owner.query(on('outbox_catalog_notify', mode === 'table'));
    };
    const checkout = async (client: pg.Client) => {
      const a = pick(variants.rows);
      const b = pick(variants.rows);
      await client.query('begin');
      for (const v of [a, b])
        await client.query('update variants set reserved = reserved + 1 where tenant_id = $1 and id = $2', [
          tenantId,
          v.id,
        ]);
      await client.query(
        `insert into outbox (tenant_id, topic, payload)
         select $1::uuid, 'stock.changed', jsonb_build_object('variantId', v, 'productId', p)
           from unnest($2::text[], $3::text[]) as x(v, p)
         union all select $1::uuid, 'order.placed', '{}'::jsonb`,
        [tenantId, [a.id, b.id], [a.product_id, b.product_id]],
      );
      await client.query('commit');
    };
    const results = new Map<string, number[]>();
    for (const clients of [1, 16]) {
      const pool = await Promise.all(
        Array.from({ length: clients }, async () => {
          const c = new pg.Client({ connectionString: db.url });
          await c.connect();
          return c;
        }),
      );
      try {
        for (let r = 0; r < rounds * MODES.length; r++) {
          const mode = MODES[r % MODES.length]!;
          await setMode(mode);
          let done = 0;
          const until = Date.now() + seconds * 1000;
          await Promise.all(
            pool.map(async (c) => {
              while (Date.now() < until) {
                await checkout(c);
                done++;
              }
            }),
          );
          const key = `${clients}|${mode}`;
          results.set(key, [...(results.get(key) ?? []), done / seconds]);
        }
      } finally {
        await Promise.all(pool.map((c) => c.end()));
      }
    }
    await setMode('table');
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    log(`checkout-shaped transactions per second (${rounds} rounds of ${seconds} s per mode, rotating):`);
    for (const clients of [1, 16]) {
      const [notify, table, off] = MODES.map((m) => results.get(`${clients}|${m}`)!);
      const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      log(
        `  ${String(clients).padStart(2)} clients: notify ${mean(notify!).toFixed(0)}/s (${range(notify!)}), ` +
          `table ${mean(table!).toFixed(0)}/s (${range(table!)}), off ${mean(off!).toFixed(0)}/s (${range(off!)}); ` +
          `notify/off ${(mean(notify!) / mean(off!)).toFixed(3)}, table/off ${(mean(table!) / mean(off!)).toFixed(3)}`,
      );
    }
    log(`  notices received by the listener: ${notices}`);
  } finally {
    await listener.end();
    await owner.end();
    await db.drop();
  }
}
