/**
 * The match part of the storefront search statement (see store-search.ts):
 * every product when there is no `q`, nothing for a `q` without searchable
 * tokens, else full-text search with the trigram fallback decided inside the
 * statement (CTE `h`), plus the one-swap variants of the query that the
 * trigram branch tries ("jakcet" → "jacket").
 */
import { type RawBuilder, sql } from 'kysely';
import { searchTokens, tsqueryText } from '../search-text.js';
import { type StoreProductQuery, TRIGRAM_THRESHOLD } from '../store-types.js';

type MatchMode = 'all' | 'search' | 'none';

/** What the match part of the statement is: its CTEs (search only), the rows it reads, its filter and rank. */
export interface MatchSql {
  ctes: RawBuilder<unknown>[];
  source: RawBuilder<unknown>;
  match: RawBuilder<unknown>;
  rank: RawBuilder<unknown>;
}

/**
 * The match: every active product without `q`; with `q`, full-text when
 * anything in the store matches that way, else the trigram fallback —
 * decided INSIDE the statement (CTE `h`), so a search is one statement too.
 */
export function matchSql(tenantId: string, query: StoreProductQuery): MatchSql {
  const tokens = searchTokens(query.q ?? '');
  const hasQ = (query.q ?? '').trim().length > 0;
  const mode: MatchMode = !hasQ ? 'all' : tokens.length === 0 ? 'none' : 'search';
  const tsq = sql`to_tsquery('simple', ${tsqueryText(tokens)})`;
  // Shaped like products.title_trgm (0042): unaccented, lower case, no punctuation.
  // The query and its one-swap variants: trigrams miss swapped letters ("jakcet").
  const trgmQs = [query.q ?? '', ...transpositions(query.q ?? '')].map(
    (q) => sql`storeloom_trgm_text(${q.slice(0, 200)}::text)`,
  );
  const cardColumns = sql`p.tenant_id, p.status, p.id, p.handle, p.title, p.min_price, p.in_stock,
         p.created_at, p.category_id, p.card_image_url, p.card_image_alt, p.card_compare_at_price`;
  // The matching products with their rank, as `found` (search mode only): two
  // branches behind one-time filters on `h.hit`, so only one of them scans.
  // `h` also sets the word-similarity threshold `<%` uses in this transaction;
  // the filters evaluate it before either branch starts.
  const searchCtes = sql`h as (
      select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true) as threshold,
             exists (
               select 1 from products p
                where p.tenant_id = ${tenantId} and p.status = 'active' and p.search @@ ${tsq}
             ) as hit
    ), found as (
      select ${cardColumns}, round(ts_rank(p.search, ${tsq})::numeric, 6) as rank
        from products p
       where p.tenant_id = ${tenantId} and p.status = 'active' and p.search @@ ${tsq}
         and (select hit from h)
      union all
      select ${cardColumns}, round(greatest(${sql.join(
        trgmQs.map((t) => sql`word_similarity(${t}, p.title_trgm)`),
      )})::numeric, 6) as rank
        from products p
       where p.tenant_id = ${tenantId} and p.status = 'active'
         and (${sql.join(
           trgmQs.map((t) => sql`${t} <% p.title_trgm`),
           sql` or `,
         )})
         and not (select hit from h)
    )`;
  return {
    ctes: mode === 'search' ? [searchCtes] : [],
    source: mode === 'search' ? sql`found p` : sql`products p`,
    match: mode === 'none' ? sql`false` : sql`true`,
    rank: mode === 'search' ? sql`p.rank` : sql`0::numeric`,
  };
}

/** How many one-swap variants a query gets at most (each is one more indexed `<%`). */
const MAX_TRANSPOSITIONS = 16;

/**
 * The query with two adjacent letters swapped, each swap once ("jakcet" →
 * "ajkcet", "jkacet", "jacket", …), letters only, at most MAX_TRANSPOSITIONS.
 */
export function transpositions(q: string): string[] {
  const s = q.trim().toLowerCase().slice(0, 60);
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length && out.size < MAX_TRANSPOSITIONS; i++) {
    const [a, b] = [s[i]!, s[i + 1]!];
    if (a === b || !/\p{L}/u.test(a) || !/\p{L}/u.test(b)) continue;
    out.add(s.slice(0, i) + b + a + s.slice(i + 2));
  }
  return [...out];
}
