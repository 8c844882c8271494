/** Shopper signals: batched inserts of views / add-to-carts / purchases. */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export type SignalKind = 'view' | 'cart' | 'purchase';

export interface SignalRow {
  kind: SignalKind;
  /** The product; or null with `variantId` set (the cart form knows only the variant). */
  productId: string | null;
  variantId?: string | null;
  customerId: string | null;
  sessionId: string | null;
  occurredAt: Date;
}

/** Product ids and the customer of one order of this store (a read of the orders' tables). */
export async function readOrderProducts(
  trx: Trx,
  tenantId: string,
  orderId: string,
): Promise<{ customerId: string | null; placedAt: Date; productIds: string[] } | undefined> {
  const { rows } = await sql<{ customer_id: string | null; placed_at: Date; products: string[] | null }>`
    select o.customer_id, o.placed_at, array_agg(distinct l.product_id) filter (where l.product_id is not null)
      as products
    from orders o left join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
    where o.tenant_id = ${tenantId} and o.id = ${orderId}::uuid
    group by o.id, o.customer_id, o.placed_at`.execute(trx);
  const r = rows[0];
  return r
    ? { customerId: r.customer_id, placedAt: new Date(r.placed_at), productIds: r.products ?? [] }
    : undefined;
}

/** Deletes every event of one shopper (a customer's deletion, or an anonymous session's). */
export async function deleteShopperEvents(
  trx: Trx,
  tenantId: string,
  shopper: { customerId?: string | null; sessionId?: string | null },
): Promise<number> {
  const r = await sql`
    delete from recommendation_events where tenant_id = ${tenantId}
      and (customer_id = ${shopper.customerId ?? null}::uuid or session_id = ${shopper.sessionId ?? null}::text)`.execute(
    trx,
  );
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Inserts a batch of one store's events in one statement; events for products that no longer exist in
 * this store (or customers that were deleted) are dropped rather than failing the batch.
 */
export async function insertSignals(trx: Trx, tenantId: string, rows: SignalRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`
    insert into recommendation_events (tenant_id, kind, product_id, customer_id, session_id, occurred_at)
    select ${tenantId}, e.kind, p.id, c.id, e.session_id, e.occurred_at
    from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.productId)}::uuid[],
      ${rows.map((r) => r.variantId ?? null)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[], ${rows.map((r) => r.sessionId)}::text[],
      ${rows.map((r) => r.occurredAt)}::timestamptz[])
      as e(kind, product_id, variant_id, customer_id, session_id, occurred_at)
    left join variants v on v.tenant_id = ${tenantId} and v.id = e.variant_id
    join products p on p.tenant_id = ${tenantId} and p.id = coalesce(e.product_id, v.product_id)
    left join customers c on c.tenant_id = ${tenantId} and c.id = e.customer_id
    where c.id is not null or e.session_id is not null`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
