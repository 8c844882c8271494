/**
 * `npm run bench -- pricing` (or `npx tsx bench/pricing.ts`): hourly pricing
 * recalculation over 100 stores × 1,000 variants (100,000 variants), one job
 * per store through the real `pricing` queue and processor, on each queue
 * backend (Redis, then BullMQ's PostgreSQL backend). Each store has cost-plus,
 * seasonal and demand rules, a promotion, 'apply' mode and a sales history.
 * Target: < 20 s per backend. Reports wall time, jobs/s and variants/s.
 *
 * Each backend run uses its own random database on BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432), migrated here and dropped after.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { bootPlatform } from '../src/boot.js';
import { parseConfig } from '../src/lib/config.js';
import type { Db } from '../src/lib/db/index.js';
import type { Deps } from '../src/lib/http/context.js';
import { createLogger } from '../src/lib/logger.js';
import type { QueueProcessor } from '../src/modules/jobs/processor.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STORES = Number(process.env.BENCH_PRICING_STORES ?? 100);
const VARIANTS = Number(process.env.BENCH_PRICING_VARIANTS ?? 1_000);
const WORKER_CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '4';

export const log = (s: string) => process.stdout.write(`${s}\n`);
export type Backend = 'redis' | 'postgres';

/**
 * Creates a random database, boots the platform on it with the given queue
 * backend (migrating), runs `fn`, then closes everything and drops the database.
 */
export async function withBenchPlatform<T>(
  backend: Backend,
  fn: (ctx: { deps: Deps; owner: Db }) => Promise<T>,
): Promise<T> {
  const dbName = `storeloom_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const prefix = `b${randomBytes(4).toString('hex')}`;
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: url.toString(),
    DB_POOL_SIZE: '12',
    WORKER_CONCURRENCY,
    ...(backend === 'redis' ? { REDIS_URL } : {}),
  });
  const platform = await bootPlatform(config, createLogger({ level: 'silent' }), {
    migrate: true,
    queuePrefix: prefix,
  });
  try {
    return await fn({ deps: platform.deps, owner: platform.ownerDb });
  } finally {
    await platform.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    if (backend === 'redis') {
      const { Redis } = await import('ioredis');
      const r = new Redis(REDIS_URL);
      const keys = await r.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
      r.disconnect();
    }
  }
}

/**
 * Enqueues one job per tenant, runs the processor, waits for all; returns wall
 * ms (enqueue → last completion) and each completed job's result.
 */
export async function runJobs(
  deps: Deps,
  processor: QueueProcessor,
  jobName: string,
  tenantIds: string[],
): Promise<{ ms: number; failed: number; results: unknown[] }> {
  const q = deps.hub.queue(processor.queue);
  const t0 = performance.now();
  await q.addBulk(
    tenantIds.map((tenantId) => ({ name: jobName, data: { tenantId }, opts: { attempts: 1 } })),
  );
  const worker = processor.register(deps);
  let done = 0;
  let failed = 0;
  const results: unknown[] = [];
  await new Promise<void>((resolve) => {
    const tick = () => {
      if (done + failed >= tenantIds.length) resolve();
    };
    worker.on('completed', (_job, result) => {
      results.push(result);
      done++;
      tick();
    });
    worker.on('failed', (_job, err) => {
      failed++;
      log(`  job failed: ${err.message}`);
      tick();
    });
  });
  const ms = performance.now() - t0;
  await worker.close();
  return { ms, failed, results };
}

async function seedPricing(db: Db): Promise<string[]> {
  return db.connection().execute(async (owner) => {
    // Seeding statements are big; the pool's 15 s statement timeout is for requests.
    await sql`set statement_timeout = 0`.execute(owner);
    await sql`
    insert into tenants (handle, name, updated_at)
    select 'price-' || i, 'Bench ' || i, now() from generate_series(1, ${STORES}) i`.execute(owner);
    await sql`insert into categories (tenant_id, handle, name) select id, 'main', 'Main' from tenants`.execute(
      owner,
    );
    // Four variants per product (sizes), as in a typical apparel store.
    await sql`
    insert into products (tenant_id, handle, title, status, category_id, updated_at)
    select t.id, 'p-' || i, 'Product ' || i, 'active', c.id, now()
      from tenants t join categories c on c.tenant_id = t.id, generate_series(1, ${VARIANTS / 4}) i`.execute(
      owner,
    );
    await sql`
    insert into variants (tenant_id, product_id, sku, price, cost, stock, updated_at)
    select p.tenant_id, p.id, 'SKU-' || substr(p.handle, 3) || '-' || j, 2000 + (hashtext(p.id::text) & 1023),
           900 + (hashtext(p.handle) & 511), (hashtext(p.id::text || j) & 127), now()
      from products p, generate_series(1, 4) j`.execute(owner);
    await sql`
    create table bench_vr as
    select tenant_id, id, product_id, sku, (row_number() over (partition by tenant_id order by id) - 1)::int as rn from variants`.execute(
      owner,
    );
    await sql`create index on bench_vr (tenant_id, rn)`.execute(owner);
    await sql`insert into pricing_settings (tenant_id, mode, updated_at) select id, ${process.env.BENCH_PRICING_MODE ?? 'apply'}, now() from tenants`.execute(
      owner,
    );
    await sql`
    insert into price_rules (tenant_id, name, kind, category_id, params, updated_at)
    select t.id, 'Markup', 'cost_plus', c.id, '{"markupBp": 9000}'::jsonb, now() from tenants t join categories c on c.tenant_id = t.id
    union all
    select id, 'Demand', 'demand', null, '{"lowCoverDays":14,"highCoverDays":60,"stepBp":500,"minBp":8000,"maxBp":13000}'::jsonb, now() from tenants
    union all
    select id, 'Season', 'seasonal', null, '{"multiplierBp":10500}'::jsonb, now() from tenants`.execute(
      owner,
    );
    await sql`update price_rules set starts_at = now() - interval '10 days', ends_at = now() + interval '10 days' where kind = 'seasonal'`.execute(
      owner,
    );
    await sql`
    insert into promotions (tenant_id, name, kind, value, target, priority, stackable, starts_at, updated_at)
    select id, 'Sitewide', 'percentage', 500, 'all', 1, true, now() - interval '1 day', now() from tenants`.execute(
      owner,
    );
    // 200 paid orders per store in the last 28 days, 5 lines each.
    await sql`
    insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address, placed_at, updated_at)
    select t.id, 1000 + k, 'b@example.test', 'paid', 'USD', 10000, 10000, '{}'::jsonb,
           now() - (k % 28) * interval '1 day', now()
      from tenants t, generate_series(1, 200) k`.execute(owner);
    await sql`
    insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total)
    select o.tenant_id, o.id, v.id, v.product_id, v.sku, 'x', 1 + (j % 3), 2000, 2000
      from orders o cross join generate_series(0, 4) j
      join bench_vr v on v.tenant_id = o.tenant_id and v.rn = (o.number * 7 + j * 131) % ${VARIANTS}`.execute(
      owner,
    );
    await sql`drop table bench_vr`.execute(owner);
    // Promotion rules active (#19): the recalculate job proposes after pricing.
    await (await import('./pricing-promotions.js')).seedPromotionRules(owner);
    await sql`analyze`.execute(owner);
    // Flush the seed's dirty pages now, so the timed run does not pay for them.
    await sql`checkpoint`.execute(owner);
    const { rows } = await sql<{ id: string }>`select id from tenants order by handle`.execute(owner);
    await sql`reset statement_timeout`.execute(owner);
    return rows.map((r) => r.id);
  });
}

export async function runPricingBench(): Promise<void> {
  const { pricingProcessor } = await import('../workers/processors/pricing.js');
  log(
    `pricing recalculation: ${STORES} stores × ${VARIANTS} variants (4 per product) = ${STORES * VARIANTS} variants (target < 20 s)`,
  );
  for (const backend of ['redis', 'postgres'] as const) {
    await withBenchPlatform(backend, async ({ deps, owner }) => {
      const s0 = performance.now();
      const tenants = await seedPricing(owner);
      log(`  [${backend}] seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
      const { ms, failed, results } = await runJobs(deps, pricingProcessor, 'recalculate', tenants);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from price_history`.execute(owner);
      const secs = ms / 1000;
      log(
        `  [${backend}] ${secs.toFixed(2)} s wall, ${(tenants.length / secs).toFixed(1)} jobs/s, ` +
          `${Math.round((STORES * VARIANTS) / secs)} variants/s, ${rows[0]!.n} price changes, ${failed} failed — ` +
          `${secs < 20 ? 'PASS' : 'FAIL'}`,
      );
      // Where a job's time goes: the promotion proposals report their own ms (summed over jobs).
      const promoMs = results.reduce<number>(
        (s, r) => s + ((r as { promotions?: { ms?: number } }).promotions?.ms ?? 0),
        0,
      );
      const cpu = process.cpuUsage();
      log(
        `  [${backend}] proposals inside the jobs: ${(promoMs / 1000).toFixed(1)} s summed over ${results.length} jobs ` +
          `(${WORKER_CONCURRENCY} at a time); bench process CPU so far ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
      );
    });
  }
  await (await import('./pricing-promotions.js')).runProposalBench();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runPricingBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
