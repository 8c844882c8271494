/**
 * Store product listing and search (GET /api/store/products and the
 * storefront's browse pages, both through catalog's store-service): SQL.
 *
 * Matching. With `q`, PostgreSQL full-text search on products.search (the
 * weighted document: title A > tags, category B > description C; unaccented,
 * 'simple' config), every token required, 3+ character tokens as prefixes.
 * When nothing in the store matches that way, the query falls back to pg_trgm
 * word similarity (>= TRIGRAM_THRESHOLD, the `<%` operator) between
 * the query and the normalised title (products.title_trgm: unaccented, lower
 * case, punctuation removed), so typos ("tshrit") still find products
 * ("T-Shirt"); a query's adjacent-letter swaps are tried alongside it
 * (`transpositions`: "jakcet" → "jacket"), since swapped letters break the
 * trigrams around them. The choice is made inside the one statement (CTE `h`, two
 * branches behind one-time filters), so a search is a single round trip.
 *
 * Candidates. Under forced RLS `@@` and `<%` cannot be index conditions (not
 * leakproof), so both branches first read candidate ids off
 * product_search_keys (0530: per product its lexemes and title trigrams, in
 * a B-tree leading with tenant_id, looked up by leakproof text ranges and
 * equality), then check `@@` / `<%` and rank on those rows only — the same
 * results as matching every row of the store, at the cost of the matches
 * rather than the catalogue (store-search-match.ts, searchKeyCtes).
 *
 * Sorting and paging. Each sort has a total order ending in the id, and the
 * cursor carries the last row's key and id (see cursor.ts), so pages never
 * overlap or skip even when keys tie:
 *   relevance  rank desc, id asc   (rank rounded to 6 decimals so it round-trips)
 *   price_asc  min_price asc, id asc
 *   price_desc min_price desc, id desc
 *   newest     created_at desc, id asc
 * `relevance` without `q` means `newest`.
 *
 * Facets are counted over the same match, each facet ignoring its own filter
 * (category counts ignore `category`, price bands ignore min/maxPrice, the
 * in-stock count ignores `inStock`).
 *
 * Every query is tenant-scoped by `tenant_id = $tenant` on indexes that lead
 * with tenant_id (0002/0040), so one store's search never scans another's rows.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { CursorData } from '../cursor.js';
import type { StoreProductPage, StoreProductQuery, StoreSort } from '../store-types.js';
import { categorySubtreeSql } from './categories.js';
import { type MatchSql, matchSql } from './store-search-match.js';
import { decodeStoreCursor, orderAndAfter, outerOrder, sortKeyExpr } from './store-search-order.js';
import { bandExpr, type ResultRow, toFacets, toPage } from './store-search-rows.js';

export { transpositions } from './store-search-match.js';

/** The sort a query gets: `relevance` (explicit or by default) needs a `q`, else it is `newest`. */
function effectiveSortOf(query: StoreProductQuery): StoreSort {
  const hasQ = (query.q ?? '').trim().length > 0;
  const sort: StoreSort =
    query.sort === 'relevance' || !query.sort ? (hasQ ? 'relevance' : 'newest') : query.sort;
  return sort === 'relevance' && !hasQ ? 'newest' : sort;
}

/**
 * One page of active products (and, unless `facets` is false, the facet
 * counts) in ONE statement — run it with withTenantStatement.
 */
export async function selectStoreProductPage(
  trx: Trx,
  tenantId: string,
  currency: string,
  query: StoreProductQuery,
): Promise<StoreProductPage> {
  const effectiveSort = effectiveSortOf(query);
  const cursor = query.cursor ? decodeStoreCursor(query.cursor, effectiveSort) : undefined;
  const m = matchSql(tenantId, query);
  const filters = filterSql(tenantId, query);
  const wantFacets = query.facets !== false;
  const ctes = [...m.ctes, ...(wantFacets ? [facetCteSql(tenantId, m, filters)] : [])];
  const withClause = ctes.length ? sql`with ${sql.join(ctes, sql`, `)}` : sql``;
  const pageSql = pageSelectSql(tenantId, query.limit, effectiveSort, m, filters, cursor, wantFacets);
  let rows: ResultRow[];
  let itemRows: ResultRow[];
  if (wantFacets) {
    // ONE statement: the page and the facet counts, told apart by `kind`.
    rows = (
      await sql<ResultRow>`
    ${withClause}
    select 'item' as kind, pg.id, pg.handle, pg.title, pg.min_price, pg.in_stock, pg.sort_key,
           pg.image_url, pg.image_alt, pg.compare_at_price,
           row_number() over (order by ${outerOrder(effectiveSort)}) as ord,
           null::text as key, null::text as name, null::int as count
      from (${pageSql}) pg
    ${facetSelectsSql(tenantId)}`.execute(trx)
    ).rows;
    itemRows = rows.filter((r) => r.kind === 'item').sort((a, b) => Number(a.ord) - Number(b.ord));
  } else {
    // The page alone, already in order.
    rows = (await sql<ResultRow>`${withClause} ${pageSql}`.execute(trx)).rows;
    itemRows = rows;
  }
  return {
    ...toPage(itemRows, query.limit, effectiveSort, currency),
    ...(wantFacets ? { facets: toFacets(rows) } : {}),
  };
}

interface FilterSql {
  catCond: RawBuilder<unknown>;
  priceCond: RawBuilder<unknown>;
  stockCond: RawBuilder<unknown>;
}

/** The filters; the category with its descendants as an uncorrelated subquery (run once). */
function filterSql(tenantId: string, query: StoreProductQuery): FilterSql {
  return {
    catCond: query.category
      ? sql`p.category_id in (${categorySubtreeSql(tenantId, query.category)})`
      : sql`true`,
    priceCond: sql.join(
      [
        query.minPrice !== undefined ? sql`p.min_price >= ${query.minPrice}` : sql`true`,
        query.maxPrice !== undefined ? sql`p.min_price <= ${query.maxPrice}` : sql`true`,
      ],
      sql` and `,
    ),
    stockCond: query.inStock ? sql`p.in_stock` : sql`true`,
  };
}

/** The page's rows (card details are columns of the product row, 0080), one more than the limit. */
function pageSelectSql(
  tenantId: string,
  limit: number,
  sort: StoreSort,
  m: MatchSql,
  f: FilterSql,
  cursor: CursorData | undefined,
  wantFacets: boolean,
): RawBuilder<unknown> {
  const { order, after } = orderAndAfter(sort, m.rank, cursor);
  return sql`
        select p.id, p.handle::text as handle, p.title, p.min_price, p.in_stock, ${m.rank} as rank,
               ${wantFacets ? sql`p.created_at,` : sql``}
               ${sortKeyExpr(sort, m.rank)} as sort_key,
               p.card_image_url as image_url, p.card_image_alt as image_alt,
               p.card_compare_at_price as compare_at_price
          from ${m.source}
         where p.tenant_id = ${tenantId} and p.status = 'active'
           and ${m.match} and ${f.catCond} and ${f.priceCond} and ${f.stockCond} and ${after}
         order by ${order}
         limit ${limit + 1}`;
}

/** The facets' input rows `m`: the match with each filter's verdict, so each facet can ignore its own. */
function facetCteSql(tenantId: string, m: MatchSql, f: FilterSql): RawBuilder<unknown> {
  return sql`m as (
      select p.category_id, p.in_stock,
             (${f.catCond}) as cat_ok, (${f.priceCond}) as price_ok, (${f.stockCond}) as stock_ok,
             ${bandExpr()} as band
        from ${m.source}
       where p.tenant_id = ${tenantId} and p.status = 'active' and ${m.match}
    )`;
}

/** The facet counts and the match's total, as rows shaped like the page's (kind 'category' | 'band' | 'stock' | 'total'). */
function facetSelectsSql(tenantId: string): RawBuilder<unknown> {
  return sql`
    union all
    select 'category', null, null, null, null, null, null, null, null, null, null,
           c.handle::text, c.name, count(*)::int
      from m join categories c on c.tenant_id = ${tenantId} and c.id = m.category_id
     where m.price_ok and m.stock_ok
     group by c.handle, c.name
    union all
    select 'band', null, null, null, null, null, null, null, null, null, null, band::text, null, count(*)::int
      from m where m.cat_ok and m.stock_ok group by band
    union all
    select 'stock', null, null, null, null, null, null, null, null, null, null, null, null, count(*)::int
      from m where m.cat_ok and m.price_ok and m.in_stock
    union all
    select 'total', null, null, null, null, null, null, null, null, null, null, null, null, count(*)::int
      from m where m.cat_ok and m.price_ok and m.stock_ok`;
}
