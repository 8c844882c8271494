/**
 * The scale bench's warm-up of what its load reads (bench/scale.ts), the
 * same on both sides: before the measured rounds, each side's database reads
 * once, through the indexes the app's statements use, every row the four
 * scenarios can ask for — the first product page of each target store, each
 * target store's products by the handles the product load picks and their
 * variants, the variants add-to-cart puts in carts, the stores' categories —
 * and, when pg_prewarm is there, the search indexes whole (small).
 *
 * Why: the 10-store side's whole hot set (10 stores) is in shared buffers
 * after a few requests, while the large side's (1,000 stores × 90 handles)
 * is not after a 2-second pass — its first rounds paid reads from the OS
 * cache (hit ratio 91–99% against 100% after two short rounds), which the
 * table then counted as "slowdown with tenant count". `bufferStats` gives
 * the hit ratio over the measured rounds so the table shows whether it held.
 */
import type pg from 'pg';

export interface WarmTargets {
  stores: { tenantId: string; variantId: string }[];
  handles: string[];
}

const SEARCH_INDEXES = [
  'products_search_tenant_idx',
  'products_title_trgm_tenant_idx',
  'products_title_trgm_word_tenant_idx',
];

/** Reads the load's rows once on `client`'s database; answers the seconds it took. */
export async function warmHotSet(client: pg.Client, t: WarmTargets): Promise<number> {
  const started = performance.now();
  const ids = t.stores.map((s) => s.tenantId);
  // First product page per store, as the list reads it (listing index, then the rows).
  await client.query(
    `select count(x.title) from unnest($1::uuid[]) s(id)
       cross join lateral (select p.title from products p where p.tenant_id = s.id and p.status = 'active'
                            order by p.created_at desc, p.id desc limit 49) x`,
    [ids],
  );
  // Product detail: each store's products by the handles the load picks, and their variants.
  await client.query(
    `select count(p.description), sum(v.n) from unnest($1::uuid[]) s(id)
       cross join unnest($2::text[]) h(handle)
       join lateral (select p.id, p.description from products p
                      where p.tenant_id = s.id and p.handle = h.handle::citext) p on true
       join lateral (select count(v.sku) as n from variants v
                      where v.tenant_id = s.id and v.product_id = p.id) v on true`,
    [ids, t.handles],
  );
  // Add to cart: the variant each store's carts get, by its primary key.
  await client.query(
    `select count(v.sku) from unnest($1::uuid[], $2::uuid[]) s(id, variant)
       join lateral (select v.sku from variants v where v.tenant_id = s.id and v.id = s.variant) v on true`,
    [ids, t.stores.map((s) => s.variantId)],
  );
  await client.query('select count(name) from categories where tenant_id = any($1::uuid[])', [ids]);
  try {
    await client.query('create extension if not exists pg_prewarm');
    for (const index of SEARCH_INDEXES) await client.query('select pg_prewarm($1::regclass)', [index]);
  } catch {
    // Without pg_prewarm (or the right to create it) the search indexes warm with the first rounds.
  }
  return (performance.now() - started) / 1000;
}

/** Blocks found in shared buffers and read, so far, for `client`'s database. */
export async function bufferStats(client: pg.Client): Promise<{ hit: number; read: number }> {
  const { rows } = await client.query<{ hit: string; read: string }>(
    'select blks_hit as hit, blks_read as read from pg_stat_database where datname = current_database()',
  );
  return { hit: Number(rows[0]!.hit), read: Number(rows[0]!.read) };
}

/** The hit ratio between two bufferStats, as a percentage with one decimal. */
export function hitRatio(
  before: { hit: number; read: number },
  after: { hit: number; read: number },
): string {
  const hit = after.hit - before.hit;
  const read = after.read - before.read;
  return hit + read > 0 ? `${((100 * hit) / (hit + read)).toFixed(1)}%` : 'n/a';
}
