/**
 * "Did you mean": the active product title closest to a query that found
 * nothing (pg_trgm word similarity against products.title_trgm, a looser bar
 * than search's fallback), for the empty search page.
 *
 * Only titles sharing at least SUGGEST_THRESHOLD × the query's trigram count
 * of its trigrams are scored (off product_search_keys, 0530: a lookup bounded
 * by the store under RLS): word similarity >= the threshold implies that, so
 * the answer is the one scoring every active title would give, without
 * reading a big store's whole catalogue.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/** Suggestions need at least this word similarity (search's own fallback needs TRIGRAM_THRESHOLD). */
const SUGGEST_THRESHOLD = 0.25;

export async function closestActiveTitle(trx: Trx, tenantId: string, q: string): Promise<string | null> {
  const text = sql`storeloom_trgm_text(${q.slice(0, 200)}::text)`;
  const row = await sql<{ title: string; score: number }>`
    with c as (
      select k.product_id from product_search_keys k
       where k.tenant_id = ${tenantId}
         and k.key = any(array(select '#' || g from unnest(show_trgm(${text})) g))
       group by k.product_id
      having count(*) >= cardinality(show_trgm(${text})) * ${sql.lit(SUGGEST_THRESHOLD - 0.000001)}
    )
    select p.title, word_similarity(${text}, p.title_trgm) as score
      from products p
     where p.tenant_id = ${tenantId} and p.id = any(array(select product_id from c)) and p.status = 'active'
     order by score desc, p.title
     limit 1`
    .execute(trx)
    .then((r) => r.rows[0]);
  return row && row.score >= SUGGEST_THRESHOLD ? row.title : null;
}
