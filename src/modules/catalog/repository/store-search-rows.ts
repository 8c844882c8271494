/** The rows of the store search statement, the price bands, and how rows become a page of cards and facets. */
import { type RawBuilder, sql } from 'kysely';
import { encodeCursor } from '../cursor.js';
import {
  PRICE_BAND_BOUNDS,
  type PriceBand,
  type StoreFacets,
  type StoreProductPage,
  type StoreSort,
} from '../store-types.js';

export interface ResultRow {
  kind: 'item' | 'category' | 'band' | 'stock' | 'total';
  id: string | null;
  handle: string | null;
  title: string | null;
  min_price: number | null;
  in_stock: boolean | null;
  sort_key: string | null;
  image_url: string | null;
  image_alt: string | null;
  compare_at_price: number | null;
  ord: string | number | null;
  key: string | null;
  name: string | null;
  count: number | null;
}

export function toFacets(rows: ResultRow[]): StoreFacets {
  const categories: StoreFacets['categories'] = [];
  const bandCounts = new Map<number, number>();
  let inStock = 0;
  let total = 0;
  for (const r of rows) {
    if (r.kind === 'category' && r.key && r.name)
      categories.push({ handle: r.key, name: r.name, count: r.count ?? 0 });
    else if (r.kind === 'band' && r.key) bandCounts.set(Number(r.key), r.count ?? 0);
    else if (r.kind === 'stock') inStock = r.count ?? 0;
    else if (r.kind === 'total') total = r.count ?? 0;
  }
  categories.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const bounds = PRICE_BAND_BOUNDS;
  const priceBands: PriceBand[] = bounds.map((min, i) => ({
    min,
    max: i + 1 < bounds.length ? bounds[i + 1]! - 1 : null,
    count: bandCounts.get(i + 1) ?? 0,
  }));
  return { categories, priceBands, inStock: { count: inStock }, total };
}

/** The page's cards and the cursor after its last row (when there is more). */
export function toPage(
  itemRows: ResultRow[],
  limit: number,
  sort: StoreSort,
  currency: string,
): Pick<StoreProductPage, 'items' | 'nextCursor'> {
  const page = itemRows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id!,
      handle: r.handle!,
      title: r.title!,
      price: r.min_price!,
      currency,
      inStock: r.in_stock!,
      ...(r.compare_at_price !== null && r.min_price !== null && r.compare_at_price > r.min_price
        ? { compareAtPrice: r.compare_at_price }
        : {}),
      ...(r.image_url ? { image: { url: r.image_url, alt: r.image_alt ?? '' } } : {}),
    })),
    nextCursor:
      itemRows.length > limit && last?.id ? encodeCursor({ s: sort, k: last.sort_key, id: last.id }) : null,
  };
}

/**
 * The 1-based price band of p.min_price as a CASE over literal bounds (a
 * width_bucket over an array parameter re-reads the array for every row:
 * ~5 ms per 1,000 products).
 */
export function bandExpr(): RawBuilder<unknown> {
  const whens = PRICE_BAND_BOUNDS.slice(1).map(
    (b, i) => sql`when p.min_price < ${sql.lit(b)} then ${sql.lit(i + 1)}`,
  );
  return sql`case ${sql.join(whens, sql` `)} else ${sql.lit(PRICE_BAND_BOUNDS.length)} end`;
}
