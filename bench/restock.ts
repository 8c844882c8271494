/**
 * `npm run bench -- restock` (or `npx tsx bench/restock.ts`): nightly restock
 * planning for 10,000 variants (10 stores × 1,000) with 365 days of order
 * history (weekly pattern + noise, ~25% of days with a sale per variant), one
 * `plan` job per store through the real `restock` queue and processor, on
 * each backend. Every variant has a supplier, so planning also drafts
 * purchase orders. Target: < 30 s per backend. Reports wall time and jobs/s.
 * Uses its own random database per backend (see bench/pricing.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../src/lib/db/index.js';
import { log, runJobs, withBenchPlatform } from './pricing.js';

const STORES = Number(process.env.BENCH_RESTOCK_STORES ?? 10);
const VARIANTS = Number(process.env.BENCH_RESTOCK_VARIANTS ?? 1_000);
const DAYS = 365;

async function seedRestock(db: Db): Promise<{ tenants: string[]; lines: number }> {
  return db.connection().execute(async (owner) => {
    await sql`set statement_timeout = 0`.execute(owner);
    await sql`
      insert into tenants (handle, name, updated_at)
      select 'restock-' || i, 'Bench ' || i, now() from generate_series(1, ${STORES}) i`.execute(owner);
    await sql`
      insert into products (tenant_id, handle, title, status, updated_at)
      select t.id, 'p-' || i, 'Product ' || i, 'active', now() from tenants t, generate_series(1, ${VARIANTS}) i`.execute(
      owner,
    );
    await sql`
      insert into variants (tenant_id, product_id, sku, price, cost, stock, created_at, updated_at)
      select p.tenant_id, p.id, 'SKU-' || substr(p.handle, 3), 2000, 900, (hashtext(p.id::text) & 63),
             now() - interval '400 days', now()
        from products p`.execute(owner);
    await sql`
      insert into suppliers (tenant_id, name, lead_time_days, moq, pack_size, updated_at)
      select t.id, 'Supplier ' || k, 3 + k * 4, 10 * k, 6, now() from tenants t, generate_series(1, 3) k`.execute(
      owner,
    );
    await sql`
      insert into variant_suppliers (tenant_id, variant_id, supplier_id, unit_cost)
      select v.tenant_id, v.id, s.id, 800
        from variants v join suppliers s on s.tenant_id = v.tenant_id
                                        and s.name = 'Supplier ' || (1 + (hashtext(v.id::text) & 2147483647) % 3)`.execute(
      owner,
    );
    // 20 orders per store per day; each variant sells on ~25% of days (more at weekends).
    await sql`
      insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address, placed_at, updated_at)
      select t.id, 1000 + d * 20 + k, 'b@example.test', 'paid', 'USD', 1, 1, '{}'::jsonb,
             date_trunc('day', now()) - (${DAYS} - d) * interval '1 day' + interval '12 hours', now()
        from tenants t, generate_series(0, ${DAYS - 1}) d, generate_series(0, 19) k`.execute(owner);
    await sql`
      insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total)
      select s.tenant_id, o.id, s.id, s.product_id, s.sku, 'x', s.qty, 2000, 2000 * s.qty
        from (
          select v.tenant_id, v.id, v.product_id, v.sku, d,
                 1 + (case when d % 7 in (5, 6) then 2 else 0 end) + floor(random() * 3)::int as qty,
                 floor(random() * 20)::int as k
            from variants v, generate_series(0, ${DAYS - 1}) d
           where random() < 0.25
        ) s
        join orders o on o.tenant_id = s.tenant_id and o.number = 1000 + s.d * 20 + s.k`.execute(owner);
    await sql`analyze`.execute(owner);
    // Flush the seed's dirty pages now, so the timed run does not pay for them.
    await sql`checkpoint`.execute(owner);
    const lines = (await sql<{ n: number }>`select count(*)::int as n from order_lines`.execute(owner))
      .rows[0]!.n;
    const { rows } = await sql<{ id: string }>`select id from tenants order by handle`.execute(owner);
    await sql`reset statement_timeout`.execute(owner);
    return { tenants: rows.map((r) => r.id), lines };
  });
}

export async function runRestockBench(): Promise<void> {
  const { restockProcessor } = await import('../workers/processors/restock.js');
  log(
    `restock planning: ${STORES} stores × ${VARIANTS} variants = ${STORES * VARIANTS} variants, ${DAYS} days of history (target < 30 s)`,
  );
  for (const backend of ['redis', 'postgres'] as const) {
    await withBenchPlatform(backend, async ({ deps, owner }) => {
      const s0 = performance.now();
      const { tenants, lines } = await seedRestock(owner);
      log(`  [${backend}] seeded ${lines} order lines in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
      const { ms, failed } = await runJobs(deps, restockProcessor, 'plan', tenants);
      const po = (
        await sql<{ n: number; l: number }>`
        select count(distinct po.id)::int as n, count(*)::int as l
          from purchase_orders po join purchase_order_lines pl on pl.tenant_id = po.tenant_id and pl.purchase_order_id = po.id`.execute(
          owner,
        )
      ).rows[0]!;
      const secs = ms / 1000;
      log(
        `  [${backend}] ${secs.toFixed(2)} s wall, ${(tenants.length / secs).toFixed(2)} jobs/s, ` +
          `${Math.round((STORES * VARIANTS) / secs)} variants/s, ${po.n} draft POs with ${po.l} lines, ${failed} failed — ` +
          `${secs < 30 ? 'PASS' : 'FAIL'}`,
      );
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRestockBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
