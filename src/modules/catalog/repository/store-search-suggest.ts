/**
 * "Did you mean": the active product title closest to a query that found
 * nothing (pg_trgm word similarity against products.title_trgm, a looser bar
 * than search's fallback), for the empty search page.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/** Suggestions need at least this word similarity (search's own fallback needs TRIGRAM_THRESHOLD). */
const SUGGEST_THRESHOLD = 0.25;

export async function closestActiveTitle(trx: Trx, tenantId: string, q: string): Promise<string | null> {
  const text = sql`storeloom_trgm_text(${q.slice(0, 200)}::text)`;
  const row = await sql<{ title: string; score: number }>`
    select p.title, word_similarity(${text}, p.title_trgm) as score
      from products p
     where p.tenant_id = ${tenantId} and p.status = 'active'
     order by score desc, p.title
     limit 1`
    .execute(trx)
    .then((r) => r.rows[0]);
  return row && row.score >= SUGGEST_THRESHOLD ? row.title : null;
}
