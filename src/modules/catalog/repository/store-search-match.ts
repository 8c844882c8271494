/**
 * The match part of the storefront search statement (see store-search.ts):
 * every product when there is no `q`, nothing for a `q` without searchable
 * tokens, else full-text search with the trigram fallback decided inside the
 * statement (CTE `h`), plus the one-swap variants of the query that the
 * trigram branch tries ("jakcet" → "jacket").
 */
import { type RawBuilder, sql } from 'kysely';
import { isPrefixToken, searchTokens, tsqueryText } from '../search-text.js';
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
  // The matching products with their rank, as `found` (search mode only): the
  // full-text matches (`ff`, read once: `h.hit` is whether there are any),
  // else the trigram branch behind a one-time filter on `h.hit`.
  // `h` also sets the word-similarity threshold `<%` uses in this transaction;
  // the filters evaluate it before either branch starts. Each branch reads
  // its candidates off the store's search keys (`fc`, `tc`: see
  // searchKeyCtes) and checks `@@` / `<%` and ranks on those rows only.
  const searchCtes = sql`${searchKeyCtes(tenantId, tokens, trgmQs)}, ff as materialized (
      select ${cardColumns}, round(ts_rank(p.search, ${tsq})::numeric, 6) as rank
        from products p
       where p.tenant_id = ${tenantId} and p.id = any(array(select product_id from fc))
         and p.status = 'active' and p.search @@ ${tsq}
    ), h as (
      select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true) as threshold,
             exists (select 1 from ff) as hit
    ), found as (
      select * from ff
      union all
      select ${cardColumns}, round(greatest(${sql.join(
        trgmQs.map(
          (t, i) => sql`case when tc.${sql.ref(`ok${i}`)} then word_similarity(${t}, p.title_trgm) end`,
        ),
      )})::numeric, 6) as rank
        from tc join products p on p.tenant_id = ${tenantId} and p.id = tc.product_id
       where p.id = any(array(select product_id from tc)) and p.status = 'active'
         and (${sql.join(
           trgmQs.map((t, i) => sql`(tc.${sql.ref(`ok${i}`)} and ${t} <% p.title_trgm)`),
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

/**
 * The candidates of both branches, off product_search_keys (0530): a B-tree
 * leading with tenant_id whose range and equality conditions are leakproof,
 * so under RLS the lookup itself is bounded by the store (the GIN's `@@` and
 * `<%` never are). Candidates are a superset of the matches; the branches
 * still check `@@` / `<%` on each, so results and ranks are the GIN's.
 *
 * `fc` (full text): the products holding, for every lexeme of every query
 * token (PostgreSQL's own parse of the token: to_tsvector('simple')), a key
 * '=' || lexeme — that lexeme as a prefix for 3+ character tokens (the range
 * up to U+10FFFF, the largest character in C order), else exactly (up to
 * chr(1), the smallest). `tc` (typo): for each query variant i (the query and
 * its transpositions), `ok<i>` when the product's title shares at least
 * threshold × the variant's trigram count of its trigrams (keys '#' ||
 * trigram) — word_similarity >= threshold implies it (its denominator is at
 * least the query's trigram count) — and only products with some `ok<i>`.
 */
function searchKeyCtes(
  tenantId: string,
  tokens: string[],
  trgmQs: RawBuilder<unknown>[],
): RawBuilder<unknown> {
  const bound = TRIGRAM_THRESHOLD - 0.000001; // below the threshold by float4 rounding, never by a trigram
  const counts = trgmQs.map(
    (_, i) => sql`count(*) filter (where tk.mask & ${sql.lit(2 ** i)} <> 0) as ${sql.ref(`c${i}`)}`,
  );
  const oks = trgmQs.map((_, i) => sql`c.${sql.ref(`c${i}`)} >= tn.${sql.ref(`n${i}`)} * ${sql.lit(bound)}`);
  // Each token's keys as a range with constant bounds (so the planner
  // estimates it from the key's histogram), the tokens' candidates intersected.
  const ranges = tokens.map(
    (t) =>
      sql`select product_id from product_search_keys
           where tenant_id = ${tenantId} and key >= ${`=${t}`} and key < ${`=${t}${isPrefixToken(t) ? '\u{10FFFF}' : '\u0001'}`}`,
  );
  return sql`qx as (
      select coalesce(bool_and(tsvector_to_array(to_tsvector('simple', tok)) = array[tok]), true) as exact
        from unnest(${tokens}::text[]) tok
    ), fc as materialized (
      ${sql.join(ranges, sql` intersect `)}
      union all
      select p.id from products p where p.tenant_id = ${tenantId} and not (select exact from qx)
    ), tk as (
      select '#' || g as key, bit_or(1::bigint << (v.i - 1)::int) as mask
        from unnest(array[${sql.join(trgmQs)}]) with ordinality v(t, i), unnest(show_trgm(v.t)) g
       group by 1
    ), tn as (
      select ${sql.join(trgmQs.map((t, i) => sql`cardinality(show_trgm(${t})) as ${sql.ref(`n${i}`)}`))}
    ), tc as materialized (
      select c.product_id, ${sql.join(oks.map((ok, i) => sql`${ok} as ${sql.ref(`ok${i}`)}`))}
        from (select k.product_id, ${sql.join(counts)}
                from product_search_keys k join tk on tk.key = k.key
               where k.tenant_id = ${tenantId} and k.key = any(array(select key from tk))
               group by k.product_id) c, tn
       where ${sql.join(oks, sql` or `)}
    )`;
}
