/**
 * Sorting and keyset paging of the storefront search statement (see
 * store-search.ts for the total order of each sort and its cursor).
 */
import { type RawBuilder, sql } from 'kysely';
import { type CursorData, decodeCursor, INT_KEY, NUMERIC_KEY, TIMESTAMP_KEY } from '../cursor.js';
import type { StoreSort } from '../store-types.js';

/** The page's ORDER BY and its keyset condition after the cursor's row. */
export function orderAndAfter(
  sort: StoreSort,
  rank: RawBuilder<unknown>,
  cursor: CursorData | undefined,
): { order: RawBuilder<unknown>; after: RawBuilder<unknown> } {
  switch (sort) {
    case 'relevance':
      return {
        order: sql`rank desc, p.id asc`,
        after: cursor
          ? sql`(${rank} < ${cursor.k}::numeric or (${rank} = ${cursor.k}::numeric and p.id > ${cursor.id}::uuid))`
          : sql`true`,
      };
    case 'price_asc':
      return {
        order: sql`p.min_price asc, p.id asc`,
        after: cursor ? sql`(p.min_price, p.id) > (${cursor.k}::bigint, ${cursor.id}::uuid)` : sql`true`,
      };
    case 'price_desc':
      return {
        order: sql`p.min_price desc, p.id desc`,
        after: cursor ? sql`(p.min_price, p.id) < (${cursor.k}::bigint, ${cursor.id}::uuid)` : sql`true`,
      };
    default:
      return {
        order: sql`p.created_at desc, p.id asc`,
        after: cursor
          ? sql`(p.created_at < ${cursor.k}::timestamptz or (p.created_at = ${cursor.k}::timestamptz and p.id > ${cursor.id}::uuid))`
          : sql`true`,
      };
  }
}

export function sortKeyExpr(sort: StoreSort, rank: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (sort) {
    case 'relevance':
      return sql`(${rank})::text`;
    case 'price_asc':
    case 'price_desc':
      return sql`p.min_price::text`;
    default:
      // Text form keeps microseconds, so the cursor compares exactly.
      return sql`p.created_at::text`;
  }
}

export function outerOrder(sort: StoreSort): RawBuilder<unknown> {
  switch (sort) {
    case 'relevance':
      return sql`pg.rank desc, pg.id asc`;
    case 'price_asc':
      return sql`pg.min_price asc, pg.id asc`;
    case 'price_desc':
      return sql`pg.min_price desc, pg.id desc`;
    default:
      return sql`pg.created_at desc, pg.id asc`;
  }
}

export function decodeStoreCursor(raw: string, sort: StoreSort) {
  const pattern = sort === 'relevance' ? NUMERIC_KEY : sort === 'newest' ? TIMESTAMP_KEY : INT_KEY;
  return decodeCursor(raw, sort, pattern);
}
