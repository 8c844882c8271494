/** Shopper signals: batched inserts of views / add-to-carts / purchases. */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export type SignalKind = 'view' | 'cart' | 'purchase';

export interface SignalRow {
  kind: SignalKind;
  productId: string;
  customerId: string | null;
  sessionId: string | null;
  occurredAt: Date;
}

/**
 * Inserts a batch of one store's events in one statement; events for products that no longer exist in
 * this store (or customers that were deleted) are dropped rather than failing the batch.
 */
export async function insertSignals(trx: Trx, tenantId: string, rows: SignalRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`
    insert into recommendation_events (tenant_id, kind, product_id, customer_id, session_id, occurred_at)
    select ${tenantId}, e.kind, e.product_id, c.id, e.session_id, e.occurred_at
    from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.productId)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[], ${rows.map((r) => r.sessionId)}::text[],
      ${rows.map((r) => r.occurredAt)}::timestamptz[]) as e(kind, product_id, customer_id, session_id, occurred_at)
    join products p on p.tenant_id = ${tenantId} and p.id = e.product_id
    left join customers c on c.tenant_id = ${tenantId} and c.id = e.customer_id
    where c.id is not null or e.session_id is not null`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
