/**
 * The scale seed (`npm run seed:scale`): many stores on one database, with
 * order history, through the OWNER connection with set-based SQL (RLS does
 * not apply to the owner; the rows are exactly what the app would read).
 * Deterministic: the same arguments give the same stores, catalogue and
 * orders (store ids follow the prefix and series index; the ids of products,
 * variants and orders are random UUIDs; everything else follows the index).
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
  /** Seconds per phase (stores and catalogues, orders, indexes, analyze), in order. */
  phases: [string, number][];
}

/** The tables the seed fills by the million: their secondary indexes are built once, after the rows. */
const BULK_TABLES = ['products', 'variants', 'inventory_adjustments', 'orders', 'order_lines'];

/** Stores per transaction: keeps each statement's temp table and WAL modest. */
const CHUNK = 2_000;

/**
 * Seeds the groups and the orders. For speed (10,000 stores × 100 products,
 * 10 × 10,000 and 1M orders in a few minutes on two cores) the session skips
 * waiting for the WAL flush (a crash mid-seed loses only the seed), and the
 * bulk tables' secondary indexes — the GIN search and trigram ones above all,
 * which cost far more row by row than built once — are dropped while the rows
 * go in and created again from their own definitions at the end (also when
 * the seed fails). Primary keys and unique constraints stay throughout;
 * triggers are off while it writes (see skipTriggers), and the one whose
 * result the rows need (the product card's compare-at price) is run per
 * chunk, set-based.
 * Store ids are derived from the prefix and the series index (the same
 * arguments give the same stores), and ascend, so every per-store index
 * grows at its right edge instead of at random pages.
 */
export async function seedScale(client: pg.ClientBase, opts: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const phases: [string, number][] = [];
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push([name, (now - mark) / 1000]);
    mark = now;
  };
  await client.query(
    "set synchronous_commit = off; set maintenance_work_mem = '1GB'; set work_mem = '256MB'",
  );
  const replica = await skipTriggers(client, true);
  const deferred = await dropSecondaryIndexes(client);
  let products = 0;
  let orders = 0;
  try {
    for (const [gi, group] of opts.groups.entries()) {
      for (let from = 1; from <= group.stores; from += CHUNK) {
        const to = Math.min(group.stores, from + CHUNK - 1);
        await client.query('begin');
        await client.query(
          `create temp table bench_stores on commit drop as
           with t as (
             insert into tenants (id, handle, name, currency, updated_at)
             select (substr(md5($1), 1, 8) || '-' || lpad(to_hex($2::int), 4, '0') || '-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
                    $1 || '-' || $2::int || '-' || g, 'Scale store ' || $2::int || '-' || g, 'USD', now()
               from generate_series($3::int, $4::int) g
             returning id)
           select id as tenant_id, $5::int as n, $6::int as stock from t`,
          [opts.prefix, gi, from, to, group.products, opts.stock ?? 1_000],
        );
        await fillBenchStores(client);
        // What the variants' insert trigger does when triggers fire (the card's compare-at price).
        if (replica) {
          // The function's unnest looks small to the planner: a nested loop would probe
          // variants once per product through the primary key's tenant_id prefix — every
          // variant of the store per product (10,000-product stores: hours). Hash it.
          await client.query('set local enable_nestloop = off');
          await client.query(
            `select storeloom_refresh_products(array_agg(p.tenant_id), array_agg(p.id))
               from products p join bench_stores s on s.tenant_id = p.tenant_id`,
          );
        }
        await client.query('commit');
        products += (to - from + 1) * group.products;
      }
    }
    phase('stores and catalogues');
    orders = await seedOrders(client, opts.prefix, opts.orders);
    phase('orders');
  } finally {
    if (replica) await skipTriggers(client, false);
    for (const def of deferred) await client.query(def);
    phase('indexes');
  }
  await client.query(
    'analyze tenants, categories, products, variants, inventory_adjustments, shipping_rates, orders, order_lines',
  );
  phase('analyze');
  const stores = opts.groups.reduce((n, g) => n + g.stores, 0);
  return { stores, products, orders, seconds: (performance.now() - started) / 1000, phases };
}

/**
 * Turns triggers (foreign-key checks among them) off for this session while
 * the seed writes rows it builds by joining the rows they refer to; needs a
 * superuser owner — without one the seed runs with triggers on, only slower.
 */
async function skipTriggers(client: pg.ClientBase, on: boolean): Promise<boolean> {
  try {
    await client.query(`set session_replication_role = ${on ? 'replica' : 'origin'}`);
    return true;
  } catch {
    return false;
  }
}

/** Drops the bulk tables' indexes that back no constraint; returns their definitions to create them again. */
async function dropSecondaryIndexes(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::text[]::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1`,
    [BULK_TABLES],
  );
  for (const r of rows) await client.query(`drop index ${r.name}`);
  return rows.map((r) => r.def);
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
  // The lines first, so each order is inserted with its total (no second pass over a million orders).
  await client.query(
    `create temp table scale_lines on commit drop as
     select so.tenant_id, so.number, v.id as variant_id, v.product_id, v.sku, v.title,
            1 + j % 2 as quantity, v.price, v.price * (1 + j % 2) as total, v.cost
       from scale_orders so
       cross join lateral generate_series(0, so.number % 3) j
       join scale_variants v on v.tenant_id = so.tenant_id and v.rn = 1 + (so.number * 31 + j * 17) % so.n`,
  );
  await client.query(
    `with o as (
       insert into orders (tenant_id, number, email, status, currency, subtotal, total, shipping_address,
                           placed_at, paid_at, updated_at)
       select tenant_id, number, 'shopper' || (number % 997) || '@example.test', 'paid', 'USD', s, s,
              '{"name":"Scale Shopper","line1":"1 Main St","city":"Portland","postalCode":"97201","country":"US"}',
              now() - ((number * 7919) % 525600 || ' minutes')::interval,
              now() - ((number * 7919) % 525600 || ' minutes')::interval, now()
         from (select tenant_id, number, sum(total) as s from scale_lines group by 1, 2) t
        order by tenant_id, number
       returning tenant_id, id, number)
     insert into order_lines (tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_price, total, cost)
     select o.tenant_id, o.id, l.variant_id, l.product_id, l.sku, l.title, l.quantity, l.price, l.total, l.cost
       from o join scale_lines l on l.tenant_id = o.tenant_id and l.number = o.number`,
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
