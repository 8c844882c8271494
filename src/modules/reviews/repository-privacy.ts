/**
 * Reviews' part of a shopper's data export and erasure. Erasure keeps the
 * review (the store's ratings stay true) but no longer names or links the
 * shopper, and forgets their helpful votes.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export const ERASED_AUTHOR = 'Former customer';

export interface PrivacyReviewRow {
  product: string;
  rating: number;
  title: string | null;
  body: string;
  status: string;
  created_at: Date;
}

export async function listReviewsForPrivacy(trx: Trx, tenantId: string, customerId: string) {
  const { rows } = await sql<PrivacyReviewRow>`
    select coalesce(p.title, '') as product, r.rating, r.title, r.body, r.status, r.created_at
    from reviews r left join products p on p.tenant_id = r.tenant_id and p.id = r.product_id
    where r.tenant_id = ${tenantId} and r.customer_id = ${customerId}
    order by r.created_at desc limit 5000`.execute(trx);
  return rows;
}

export async function anonymiseReviews(trx: Trx, tenantId: string, customerId: string): Promise<number> {
  await sql`delete from review_votes where tenant_id = ${tenantId} and customer_id = ${customerId}`.execute(
    trx,
  );
  const r = await sql`
    update reviews set author = ${ERASED_AUTHOR}, customer_id = null, updated_at = now()
    where tenant_id = ${tenantId} and customer_id = ${customerId}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
