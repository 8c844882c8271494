/**
 * The admin's order search: text (number, e-mail, shipping name), status,
 * payment and fulfilment filters, a placed-at range, four sort orders and
 * offset pages with a total count. Text search is a per-store ILIKE: a store's
 * orders are already narrowed by (tenant_id, …) indexes.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { Database } from '../../../lib/db/schema.js';
import type { FulfilmentStatus, OrderStatus } from '../../../lib/db/tables/commerce.js';
import type { OrderRow } from './rows.js';

export type PaymentFilter = 'unpaid' | 'paid' | 'partially_refunded' | 'refunded';
export type OrderSort = 'newest' | 'oldest' | 'total_desc' | 'total_asc';

export interface OrderSearch {
  q?: string;
  status?: OrderStatus;
  payment?: PaymentFilter;
  fulfilment?: FulfilmentStatus;
  customerId?: string;
  /** Placed at or after. */
  from?: Date;
  /** Placed before. */
  to?: Date;
  /** Orders numbered below this (cursor; newest-first only). */
  beforeNumber?: number;
}

const PAYMENT_STATUSES: Record<PaymentFilter, OrderStatus[]> = {
  unpaid: ['pending_payment'],
  paid: ['paid', 'fulfilled', 'completed'],
  partially_refunded: ['partially_refunded'],
  refunded: ['refunded'],
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function filtered(trx: Trx, tenantId: string, f: OrderSearch) {
  let q: SelectQueryBuilder<Database, 'orders', object> = trx
    .selectFrom('orders')
    .where('tenant_id', '=', tenantId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.payment) q = q.where('status', 'in', PAYMENT_STATUSES[f.payment]);
  if (f.fulfilment) q = q.where('fulfilment_status', '=', f.fulfilment);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.from) q = q.where('placed_at', '>=', f.from);
  if (f.to) q = q.where('placed_at', '<', f.to);
  if (f.beforeNumber !== undefined) q = q.where('number', '<', f.beforeNumber);
  const text = f.q?.trim().replace(/^#/, '');
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q = q.where((eb) =>
      eb.or([
        ...(/^\d{1,9}$/.test(text) ? [eb('number', '=', Number(text))] : []),
        eb(sql`email::text`, 'ilike', like),
        eb(sql`shipping_address->>'name'`, 'ilike', like),
      ]),
    );
  }
  return q;
}

export function searchOrders(
  trx: Trx,
  tenantId: string,
  f: OrderSearch & { sort: OrderSort; limit: number; offset: number },
): Promise<OrderRow[]> {
  let q = filtered(trx, tenantId, f).selectAll();
  if (f.sort === 'oldest') q = q.orderBy('number', 'asc');
  else if (f.sort === 'total_desc') q = q.orderBy('total', 'desc').orderBy('number', 'desc');
  else if (f.sort === 'total_asc') q = q.orderBy('total', 'asc').orderBy('number', 'desc');
  else q = q.orderBy('number', 'desc');
  return q.limit(f.limit).offset(f.offset).execute();
}

export async function countOrders(trx: Trx, tenantId: string, f: OrderSearch): Promise<number> {
  const r = await filtered(trx, tenantId, f).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** True once the store has any order (its currency is then fixed). */
export async function hasAnyOrder(trx: Trx, tenantId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
