/**
 * The scale seed's rows, as set-based SQL over one chunk of stores (see
 * bench/scale-seed.ts). Every value — ids included — is a function of the
 * prefix, the store's group and index, the product number and the `asOf`
 * instant, so the same arguments give byte-for-byte the same rows whichever
 * connection seeds which chunk, and in whichever order.
 *
 * The rows are what the app writes: products carry the denormalised card
 * columns (min/max price, in stock, search category, compare-at price of the
 * cheapest variant) that the catalogue's triggers would compute, so the seed
 * can run with those triggers off. A catalogue value is defined once below
 * (e.g. `price`) and reused by the variants and the order lines that copy it.
 */
import type pg from 'pg';
import { ADJECTIVES, NOUNS } from './seed.js';

const CATEGORIES = ['Apparel', 'Home', 'Kitchen', 'Accessories', 'Stationery'];
const SIZES = ['S', 'M', 'L'];

const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/** A version-4-shaped UUID from the md5 of a key: deterministic, spread like gen_random_uuid's. */
const uuidOf = (key: string) => `overlay(overlay(md5(${key}) placing '4' from 13) placing '8' from 17)::uuid`;

/** Catalogue values of product `g` (an SQL integer expression) in store `t` (a uuid expression). */
const cat = {
  adj: (g: string) => `(${arr(ADJECTIVES)})[1 + ${g} % ${ADJECTIVES.length}]`,
  noun: (g: string) => `(${arr(NOUNS)})[1 + (${g} / ${ADJECTIVES.length}) % ${NOUNS.length}]`,
  handle: (g: string) => `lower(${cat.adj(g)} || '-' || ${cat.noun(g)} || '-' || ${g})`,
  price: (g: string) => `(1000 + (${g} * 37) % 9000)::bigint`,
  inStock: (g: string) => `(${g} % 10 <> 0 and :stock::int > 0)`,
  /** Every product whose number ends in 7 has compare-at prices. */
  compareAt: (g: string, pos: string) =>
    `case when ${g} % 10 = 7 then ${cat.price(g)} + ${pos} * 100 + 500 end`,
  productId: (t: string, g: string) => uuidOf(`${t}::text || '/p/' || ${g}`),
  variantId: (t: string, g: string, pos: string) => uuidOf(`${t}::text || '/v/' || ${g} || '/' || ${pos}`),
  categoryId: (t: string, pos: string) => uuidOf(`${t}::text || '/c/' || ${pos}`),
};

/**
 * How a chunk's catalogue rows go onto the heap. 'interleaved' (the default,
 * and how the benchmark databases are seeded): each statement writes product
 * 1 of every store in the chunk (500 stores of 100 products), then product 2,
 * … — the planner's loop order — so a store's 100 products sit on 100 heap
 * pages shared with 15 other stores, as years of edits from many stores at
 * once would leave them. 'store': each store's products, variants and ledger
 * rows written together (provisioning and a CSV import writing one store's
 * catalogue in one go), ~7 products' pages per 100 products.
 */
export type SeedLayout = 'interleaved' | 'store';

export interface Chunk {
  /** Group index (part of every handle and id). */
  group: number;
  /** First and last store index in the group, inclusive. */
  from: number;
  to: number;
  products: number;
  stock: number;
  /** Orders per store of this group. */
  orders: number;
  /** First inventory_adjustments id of this chunk's group, minus one. */
  ledgerBase: number;
  /** Heap order of the catalogue rows (default 'interleaved'). */
  layout?: SeedLayout;
}

/** The named values a chunk's statements use (`:name` in the SQL below). */
export const chunkValues = (prefix: string, c: Chunk, asOf: Date): Record<string, unknown> => {
  const { layout: _, ...values } = c;
  return { ...values, prefix, asOf: asOf.toISOString() };
};

/** A statement for the layout: its `-- store order: …` line becomes that ORDER BY for 'store', stays a comment otherwise. */
export const forLayout = (sql: string, layout: SeedLayout = 'interleaved'): string =>
  layout === 'store' ? sql.replace(/-- store order: (.*)$/gm, '$1') : sql;

/** Turns `:name` placeholders (not `::type` casts) into $n parameters. */
export function bind(sql: string, values: Record<string, unknown>): { text: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/(?<![:\w]):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    const at = names.indexOf(name);
    if (at >= 0) return `$${at + 1}`;
    names.push(name);
    return `$${names.length}`;
  });
  return { text, values: names.map((n) => values[n]) };
}

/** The chunk's stores, with their tenant ids (prefix and index: ascending within a group). */
const STORES = `create temp table seed_stores on commit drop as
  select (substr(md5(:prefix), 1, 8) || '-' || lpad(to_hex(:group::int), 4, '0') || '-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid as tenant_id,
         g as idx
    from generate_series(:from::int, :to::int) g`;

const TENANTS = `insert into tenants (id, handle, name, currency, created_at, updated_at)
  select tenant_id, :prefix || '-' || :group::int || '-' || idx, 'Scale store ' || :group::int || '-' || idx, 'USD',
         :asOf::timestamptz, :asOf::timestamptz
    from seed_stores`;

const CATEGORY_ROWS = `insert into categories (tenant_id, id, handle, name, position, created_at)
  select s.tenant_id, ${cat.categoryId('s.tenant_id', 'c.pos')}, lower(c.name), c.name, c.pos, :asOf::timestamptz
    from seed_stores s
    cross join (select name, (o - 1)::int as pos from unnest(${arr(CATEGORIES)}) with ordinality u(name, o)) c`;

const STORE_ROWS = [
  `insert into shipping_rates (tenant_id, id, name, amount, free_above, position)
   select tenant_id, ${uuidOf("tenant_id::text || '/shipping'")}, 'Standard', 500, 10000, 0 from seed_stores`,
  `insert into order_counters (tenant_id, next_number) select tenant_id, 1001 + :orders::int from seed_stores`,
];

/** Products: every 10th out of stock, those ending in 7 with compare-at prices. */
const PRODUCTS = `insert into products (tenant_id, id, handle, title, description, category_id, tags, status, options,
                        min_price, max_price, in_stock, search_category, card_compare_at_price, created_at, updated_at)
  select s.tenant_id, ${cat.productId('s.tenant_id', 'g')}, ${cat.handle('g')},
         ${cat.adj('g')} || ' ' || ${cat.noun('g')} || ' ' || g,
         'A ' || lower(${cat.adj('g')}) || ' ' || lower(${cat.noun('g')}) || ' made with care. Number ' || g || ' of our collection.',
         ${cat.categoryId('s.tenant_id', `g % ${CATEGORIES.length}`)},
         array[lower(${cat.adj('g')}), lower(${cat.noun('g')})], 'active',
         '[{"name":"Size","values":["S","M","L"]}]'::jsonb,
         ${cat.price('g')}, ${cat.price('g')} + 200, ${cat.inStock('g')},
         (${arr(CATEGORIES)})[1 + g % ${CATEGORIES.length}], ${cat.compareAt('g', '0')},
         :asOf::timestamptz - g * interval '1 minute', :asOf::timestamptz
    from seed_stores s cross join generate_series(1, :products::int) g
   -- store order: order by s.idx, g`;

/** Three size variants per product, S cheapest; stock only for in-stock products. */
const VARIANTS = `insert into variants (tenant_id, id, product_id, sku, title, options, price, compare_at_price, cost,
                        position, stock, low_stock_threshold, created_at, updated_at)
  select s.tenant_id, ${cat.variantId('s.tenant_id', 'g', 'pos')}, ${cat.productId('s.tenant_id', 'g')},
         upper(${cat.handle('g')}) || '-' || size, size, jsonb_build_object('Size', size),
         ${cat.price('g')} + pos * 100, ${cat.compareAt('g', 'pos')}, (${cat.price('g')} + pos * 100) / 2,
         pos, case when ${cat.inStock('g')} then :stock::int else 0 end, 5, :asOf::timestamptz, :asOf::timestamptz
    from seed_stores s cross join generate_series(1, :products::int) g
    cross join unnest(${arr(SIZES)}) with ordinality z(size, o) cross join lateral (select (z.o - 1)::int as pos) p
   -- store order: order by s.idx, g, pos`;

/** The 'initial' ledger row of each stocked variant; ids follow store, product and size. */
const LEDGER = `insert into inventory_adjustments (tenant_id, id, variant_id, delta, reason, actor_type, stock_after,
                        reserved_after, created_at)
  overriding system value
  select s.tenant_id, :ledgerBase::bigint + ((s.idx - 1)::bigint * :products::int + g - 1) * 3 + pos + 1,
         ${cat.variantId('s.tenant_id', 'g', 'pos')}, :stock::int, 'initial', 'system', :stock::int, 0, :asOf::timestamptz
    from seed_stores s cross join generate_series(1, :products::int) g cross join generate_series(0, 2) pos
   where ${cat.inStock('g')}
   -- store order: order by s.idx, g, pos`;

/**
 * Paid orders numbered from 1001, 1–3 lines each of the store's own
 * variants, placed over the year before asOf; each order's total is its
 * lines' sum (both inserted by one statement).
 */
const ORDERS = `with l as materialized (
    select s.tenant_id, n as number, j, x.g, x.pos, 1 + j % 2 as quantity, ${cat.price('x.g')} + x.pos * 100 as unit_price
      from seed_stores s cross join generate_series(1001, 1000 + :orders::int) n
      cross join generate_series(0, n % 3) j
      cross join lateral (select 1 + (n * 31 + j * 17) % :products::int as g, (n + j) % 3 as pos) x
     where :products::int > 0),
  o as (
    insert into orders (tenant_id, id, number, email, status, currency, subtotal, total, shipping_address,
                        placed_at, paid_at, updated_at)
    select tenant_id, ${uuidOf("tenant_id::text || '/o/' || number")}, number,
           'shopper' || (number % 997) || '@example.test', 'paid', 'USD', sum(unit_price * quantity), sum(unit_price * quantity),
           '{"name":"Scale Shopper","line1":"1 Main St","city":"Portland","postalCode":"97201","country":"US"}',
           :asOf::timestamptz - (number * 7919) % 525600 * interval '1 minute',
           :asOf::timestamptz - (number * 7919) % 525600 * interval '1 minute', :asOf::timestamptz
      from l group by tenant_id, number)
  insert into order_lines (tenant_id, order_id, id, variant_id, product_id, sku, title, quantity, unit_price, total, cost)
  select tenant_id, ${uuidOf("tenant_id::text || '/o/' || number")}, ${uuidOf("tenant_id::text || '/l/' || number || '/' || j")},
         ${cat.variantId('tenant_id', 'g', 'pos')}, ${cat.productId('tenant_id', 'g')},
         upper(${cat.handle('g')}) || '-' || (${arr(SIZES)})[1 + pos], (${arr(SIZES)})[1 + pos],
         quantity, unit_price, unit_price * quantity, unit_price / 2
    from l`;

/** What one chunk writes, by kind, so the seed can say where its time goes. */
export const CHUNK_STEPS: [kind: string, sql: string[]][] = [
  ['stores', [STORES, TENANTS, CATEGORY_ROWS, ...STORE_ROWS]],
  ['products', [PRODUCTS]],
  ['variants', [VARIANTS]],
  ['ledger', [LEDGER]],
  ['orders', [ORDERS]],
];

/** Seeds one chunk in one transaction; adds each kind's seconds to `spent`. */
export async function seedChunk(
  client: pg.ClientBase,
  values: Record<string, unknown>,
  spent: Map<string, number>,
  layout: SeedLayout = 'interleaved',
): Promise<void> {
  await client.query('begin');
  try {
    for (const [kind, statements] of CHUNK_STEPS) {
      const t0 = performance.now();
      for (const sql of statements) {
        const q = bind(forLayout(sql, layout), values);
        await client.query(q.text, q.values);
      }
      spent.set(kind, (spent.get(kind) ?? 0) + (performance.now() - t0) / 1000);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}
