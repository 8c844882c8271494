/**
 * Promotion rules in the pricing bench (#19): `seedPromotionRules` gives every
 * store a clearance (auto-apply), a slow-mover and a low-stock rule, so the
 * hourly `recalculate` job also proposes; `runProposalBench` times one
 * proposal run for a single store of BENCH_PROMO_VARIANTS (default 10,000)
 * variants with a sales history. Target: < 10 s.
 */
import { sql } from 'kysely';
import type { Db } from '../src/lib/db/index.js';
import { runProposalsJob } from '../src/modules/promotion-rules/propose.js';
import { log, withBenchPlatform } from './pricing.js';

const BIG = Number(process.env.BENCH_PROMO_VARIANTS ?? 10_000);

export async function seedPromotionRules(owner: Db): Promise<void> {
  await sql`
    insert into promotion_rules (tenant_id, name, kind, params, auto_apply, budget_cap, updated_at)
    select id, 'Clearance', 'clearance', '{"coverDays":60,"stepBp":1000,"stepEveryDays":14,"maxDepthBp":4000}'::jsonb, true, 500000, now() from tenants
    union all
    select id, 'Slow', 'slow_mover', '{"idleDays":21,"discountBp":1500}'::jsonb, false, null, now() from tenants
    union all
    select id, 'Protect', 'low_stock', '{"threshold":3}'::jsonb, false, null, now() from tenants`.execute(
    owner,
  );
}

export async function runProposalBench(): Promise<void> {
  log(`promotion proposals: 1 store × ${BIG} variants (target < 10 s)`);
  await withBenchPlatform('postgres', async ({ deps, owner }) => {
    const tenantId = await owner.connection().execute(async (o) => {
      await sql`set statement_timeout = 0`.execute(o);
      const { rows } = await sql<{ id: string }>`
        insert into tenants (handle, name, updated_at) values ('promo-big', 'Big', now()) returning id`.execute(
        o,
      );
      const t = rows[0]!.id;
      await sql`
        insert into products (tenant_id, handle, title, status, updated_at, created_at)
        select ${t}, 'p-' || i, 'Product ' || i, 'active', now(), now() - (i % 60) * interval '1 day'
          from generate_series(1, ${BIG / 4}) i`.execute(o);
      await sql`
        insert into variants (tenant_id, product_id, sku, price, cost, stock, updated_at)
        select p.tenant_id, p.id, 'SKU-' || p.handle || '-' || j, 2000 + (hashtext(p.id::text) & 1023),
               900 + (hashtext(p.handle) & 511), (hashtext(p.id::text || j) & 511), now()
          from products p, generate_series(1, 4) j where p.tenant_id = ${t}`.execute(o);
      await sql`
        insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address, placed_at, updated_at)
        select ${t}, 1000 + k, 'b@example.test', 'paid', 'USD', 10000, 10000, '{}'::jsonb, now() - (k % 90) * interval '1 day', now()
          from generate_series(1, 2000) k`.execute(o);
      await sql`
        insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total)
        select o.tenant_id, o.id, v.id, v.product_id, v.sku, 'x', 1, 2000, 2000
          from orders o join lateral (
            select id, product_id, sku from variants v where v.tenant_id = o.tenant_id
             order by hashtext(v.id::text || o.number) limit 3) v on true
         where o.tenant_id = ${t}`.execute(o);
      await seedPromotionRules(owner);
      await sql`analyze`.execute(o);
      return t;
    });
    const t0 = performance.now();
    const r = await runProposalsJob(deps.db, tenantId, 'bench', new Date());
    const secs = (performance.now() - t0) / 1000;
    log(
      `  ${secs.toFixed(2)} s wall: ${r.proposed} proposals (${r.autoApplied} auto-applied), ${Math.round(BIG / secs)} variants/s — ${secs < 10 ? 'PASS' : 'FAIL'}`,
    );
  });
}
