/**
 * Benchmark seed: bulk-inserts stores, categories, products and variants over
 * the OWNER connection with set-based SQL (generate_series), so a catalogue of
 * 1,000 × 3 plus 200 stores × 100 products lands in seconds.
 *
 * The rows look like what catalog's createProduct writes: a slug handle, the
 * product `options` array matching each variant's `options` object, and the
 * denormalised listing columns (min_price, max_price, in_stock,
 * search_category) kept consistent with the variants, plus the 'initial'
 * inventory-ledger row per variant. Money is integer minor units.
 */
import type pg from 'pg';

/** Words of the generated product titles (bench/scale-seed-rows.ts uses the same). */
export const ADJECTIVES = [
  'Linen',
  'Wool',
  'Cotton',
  'Leather',
  'Canvas',
  'Ceramic',
  'Oak',
  'Copper',
  'Velvet',
  'Bamboo',
  'Denim',
  'Marble',
];
export const NOUNS = [
  'Shirt',
  'Scarf',
  'Bag',
  'Mug',
  'Lamp',
  'Chair',
  'Jacket',
  'Bowl',
  'Notebook',
  'Blanket',
  'Vase',
];
const CATEGORIES = [
  ['apparel', 'Apparel'],
  ['home', 'Home'],
  ['kitchen', 'Kitchen'],
  ['accessories', 'Accessories'],
  ['stationery', 'Stationery'],
] as const;

const sqlArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

export interface SeedOptions {
  mainHandle: string;
  mainProducts: number;
  otherStores: number;
  otherProducts: number;
  /** Stock per variant in the main store (large, so checkout never runs dry). */
  mainStock: number;
}

export interface SeedResult {
  mainTenantId: string;
  handles: string[];
  variantIds: string[];
}

/** Inserts stores, then for each store its categories, products, variants and ledger rows. */
export async function seedCatalogue(client: pg.ClientBase, opts: SeedOptions): Promise<SeedResult> {
  await client.query('begin');
  const main = await client.query<{ id: string }>(
    `insert into tenants (handle, name, currency, updated_at) values ($1, 'Bench Store', 'USD', now()) returning id`,
    [opts.mainHandle],
  );
  const mainTenantId = main.rows[0]!.id;
  await client.query(
    `insert into tenants (handle, name, currency, updated_at)
     select $1 || '-o' || g, 'Other store ' || g, 'USD', now() from generate_series(1, $2::int) g`,
    [opts.mainHandle, opts.otherStores],
  );
  await client.query(
    `create temp table bench_stores on commit drop as
     select id as tenant_id, case when id = $1 then $2::int else $3::int end as n,
            case when id = $1 then $4::int else 50 end as stock
     from tenants where handle = $5 or handle like $5 || '-o%'`,
    [mainTenantId, opts.mainProducts, opts.otherProducts, opts.mainStock, opts.mainHandle],
  );
  await fillBenchStores(client);
  await client.query('commit');
  await client.query('analyze');

  const handles = await client.query<{ handle: string }>(
    `select handle from products where tenant_id = $1 and in_stock order by handle`,
    [mainTenantId],
  );
  const variants = await client.query<{ id: string }>(
    `select id from variants where tenant_id = $1 and stock > 0 order by id`,
    [mainTenantId],
  );
  return {
    mainTenantId,
    handles: handles.rows.map((r) => r.handle),
    variantIds: variants.rows.map((r) => r.id),
  };
}

/**
 * Fills every store of the `bench_stores` temp table (tenant_id, n products,
 * stock per in-stock variant) with categories, products, three size variants
 * each, their 'initial' ledger rows, a shipping rate and an order counter.
 */
export async function fillBenchStores(client: pg.ClientBase): Promise<void> {
  const cats = CATEGORIES.map(([h, n], i) => `('${h}', '${n}', ${i})`).join(',');
  await client.query(
    `insert into categories (tenant_id, handle, name, position)
     select s.tenant_id, c.handle, c.name, c.pos from bench_stores s cross join (values ${cats}) c(handle, name, pos)`,
  );
  // Products: deterministic titles, prices and categories from the series index.
  // Every 10th product is out of stock, every 7th has a compare-at price.
  await client.query(
    `insert into products (tenant_id, handle, title, description, category_id, tags, status, options,
                           min_price, max_price, in_stock, search_category, created_at, updated_at)
     select s.tenant_id,
            lower(adj || '-' || noun || '-' || g),
            adj || ' ' || noun || ' ' || g,
            'A ' || lower(adj) || ' ' || lower(noun) || ' made with care. Number ' || g || ' of our collection.',
            c.id,
            array[lower(adj), lower(noun)],
            'active',
            '[{"name":"Size","values":["S","M","L"]}]'::jsonb,
            price, price + 200, g % 10 <> 0, c.name,
            now() - (g || ' minutes')::interval, now()
     from bench_stores s
     cross join lateral generate_series(1, s.n) g
     cross join lateral (select (${sqlArray(ADJECTIVES)})[1 + g % ${ADJECTIVES.length}] as adj,
                                (${sqlArray(NOUNS)})[1 + (g / ${ADJECTIVES.length}) % ${NOUNS.length}] as noun,
                                (1000 + (g * 37) % 9000)::bigint as price) w
     join categories c on c.tenant_id = s.tenant_id and c.position = g % ${CATEGORIES.length}`,
  );
  await client.query(
    `insert into variants (tenant_id, product_id, sku, title, options, price, compare_at_price, cost,
                           position, stock, low_stock_threshold, updated_at)
     select p.tenant_id, p.id, upper(p.handle) || '-' || v.size, v.size, jsonb_build_object('Size', v.size),
            p.min_price + v.pos * 100,
            case when right(p.handle, 1) = '7' then p.min_price + v.pos * 100 + 500 end,
            (p.min_price + v.pos * 100) / 2,
            v.pos, case when p.in_stock then s.stock else 0 end, 5, now()
     from products p join bench_stores s on s.tenant_id = p.tenant_id
     cross join (values ('S', 0), ('M', 1), ('L', 2)) v(size, pos)`,
  );
  await client.query(
    `insert into inventory_adjustments (tenant_id, variant_id, delta, reason, actor_type, stock_after, reserved_after)
     select v.tenant_id, v.id, v.stock, 'initial', 'system', v.stock, 0
     from variants v join bench_stores s on s.tenant_id = v.tenant_id where v.stock > 0`,
  );
  await client.query(
    `insert into shipping_rates (tenant_id, name, amount, free_above, position)
     select tenant_id, 'Standard', 500, 10000, 0 from bench_stores`,
  );
  await client.query(`insert into order_counters (tenant_id) select tenant_id from bench_stores`);
}

/** Creates `count` active carts; when `fill`, each holds one line of a variant (round robin). */
export async function seedCarts(
  client: pg.ClientBase,
  tenantId: string,
  count: number,
  fill: { variantIds: string[] } | null,
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `insert into carts (tenant_id, currency, updated_at)
     select $1, 'USD', now() from generate_series(1, $2::int) returning id`,
    [tenantId, count],
  );
  const ids = rows.map((r) => r.id);
  if (fill) {
    await client.query(
      `insert into cart_items (tenant_id, cart_id, variant_id, quantity)
       select $1, c.id, ($3::uuid[])[1 + (c.i - 1) % cardinality($3::uuid[])], 1
       from unnest($2::uuid[]) with ordinality c(id, i)`,
      [tenantId, ids, fill.variantIds],
    );
  }
  return ids;
}
