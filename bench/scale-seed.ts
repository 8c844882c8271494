/**
 * The scale seed (`npm run seed:scale`): many stores on one database, with
 * order history, through the OWNER connection with set-based SQL (RLS does
 * not apply to the owner; the rows are exactly what the app would read).
 * Deterministic: the same arguments give the same catalogue and orders
 * (ids are random UUIDs, everything else follows the series index).
 *
 * Stores come in groups (e.g. 10,000 × 100 products and 10 × 10,000); orders
 * are spread over the stores in proportion to their product count, 1–3 lines
 * each from that store's variants, placed over the last 365 days, all paid.
 */
import type pg from 'pg';
import { fillBenchStores } from './seed.js';

export interface StoreGroup {
  stores: number;
  products: number;
}

export interface ScaleSeedOptions {
  /** Handle prefix; store handles are `<prefix>-<group>-<n>`. */
  prefix: string;
  groups: StoreGroup[];
  orders: number;
  /** Stock per in-stock variant (large, so a load run does not sell out). */
  stock?: number;
}

export interface ScaleSeedResult {
  stores: number;
  products: number;
  orders: number;
  seconds: number;
}

const ANALYZE = 'analyze tenants, categories, products, variants, inventory_adjustments, shipping_rates';

/** Stores per transaction: keeps each statement's temp table and WAL modest. */
const CHUNK = 2_000;

export async function seedScale(client: pg.ClientBase, opts: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  let products = 0;
  for (const [gi, group] of opts.groups.entries()) {
    for (let from = 1; from <= group.stores; from += CHUNK) {
      const to = Math.min(group.stores, from + CHUNK - 1);
      await client.query('begin');
      await client.query(
        `create temp table bench_stores on commit drop as
         with t as (
           insert into tenants (handle, name, currency, updated_at)
           select $1 || '-' || $2::int || '-' || g, 'Scale store ' || $2::int || '-' || g, 'USD', now()
             from generate_series($3::int, $4::int) g
           returning id)
         select id as tenant_id, $5::int as n, $6::int as stock from t`,
        [opts.prefix, gi, from, to, group.products, opts.stock ?? 1_000],
      );
      await fillBenchStores(client);
      await client.query('commit');
      products += (to - from + 1) * group.products;
    }
  }
  await client.query(ANALYZE);
  const orders = await seedOrders(client, opts.prefix, opts.orders);
  await client.query('analyze orders, order_lines');
  const stores = opts.groups.reduce((n, g) => n + g.stores, 0);
  return { stores, products, orders, seconds: (performance.now() - started) / 1000 };
}

/** Paid orders with 1–3 lines each over the prefix's stores, weighted by catalogue size. */
async function seedOrders(client: pg.ClientBase, prefix: string, total: number): Promise<number> {
  if (total <= 0) return 0;
  await client.query('begin');
  await client.query(
    `create temp table scale_variants on commit drop as
     select v.tenant_id, v.id, v.product_id, v.sku, v.title, v.price, v.cost,
            row_number() over (partition by v.tenant_id order by v.sku) as rn,
            count(*) over (partition by v.tenant_id) as n
       from variants v join tenants t on t.id = v.tenant_id
      where t.handle like $1 || '-%'`,
    [prefix],
  );
  await client.query('create index on scale_variants (tenant_id, rn)');
  await client.query(
    `create temp table scale_orders on commit drop as
     with s as (
       select tenant_id, max(n) as n from scale_variants group by tenant_id),
     w as (
       select tenant_id, n, greatest(1, round($1::numeric * n / sum(n) over ()))::int as k from s)
     select w.tenant_id, w.n, g as number
       from w cross join lateral generate_series(1001, 1000 + w.k) g`,
    [total],
  );
  await client.query(
    `with o as (
       insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address,
                           placed_at, paid_at, updated_at)
       select tenant_id, number, 'shopper' || (number % 997) || '@example.test', 'paid', 'USD', 0, 0,
              '{"name":"Scale Shopper","line1":"1 Main St","city":"Portland","postalCode":"97201","country":"US"}',
              now() - ((number * 7919) % 525600 || ' minutes')::interval,
              now() - ((number * 7919) % 525600 || ' minutes')::interval, now()
         from scale_orders
       returning tenant_id, id, number)
     insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total, cost)
     select o.tenant_id, o.id, v.id, v.product_id, v.sku, v.title, 1 + j % 2, v.price, v.price * (1 + j % 2), v.cost
       from o
       join scale_orders so on so.tenant_id = o.tenant_id and so.number = o.number
       cross join lateral generate_series(0, o.number % 3) j
       join scale_variants v on v.tenant_id = o.tenant_id and v.rn = 1 + (o.number * 31 + j * 17) % so.n`,
  );
  await client.query(
    `update orders o set subtotal = l.s, total = l.s
       from (select tenant_id, order_id, sum(total) as s from order_lines
              where tenant_id in (select distinct tenant_id from scale_orders) group by 1, 2) l
      where o.tenant_id = l.tenant_id and o.id = l.order_id`,
  );
  await client.query(
    `update order_counters c set next_number = m.n + 1
       from (select tenant_id, max(number) as n from scale_orders group by 1) m
      where c.tenant_id = m.tenant_id`,
  );
  const count = await client.query<{ n: string }>('select count(*) as n from scale_orders');
  await client.query('commit');
  return Number(count.rows[0]!.n);
}
