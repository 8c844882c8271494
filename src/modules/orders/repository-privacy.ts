/**
 * The orders' part of a shopper's data export and erasure. Erasure keeps
 * every order, line and amount (the books need them) and removes the e-mail
 * address and the shipping address except its country (tax records).
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface PrivacyOrderRow {
  number: number;
  status: string;
  placed_at: Date;
  email: string;
  currency: string;
  subtotal: number;
  shipping_total: number;
  tax_total: number;
  discount_total: number;
  total: number;
  refunded_total: number;
  shipping_address: Record<string, unknown>;
  lines: { sku: string; title: string; quantity: number; unitPrice: number; total: number }[];
}

export async function listOrdersForPrivacy(trx: Trx, tenantId: string, customerId: string) {
  const { rows } = await sql<PrivacyOrderRow>`
    select o.number, o.status, o.placed_at, o.email::text as email, o.currency,
      o.subtotal::int as subtotal, o.shipping_total::int as shipping_total, o.tax_total::int as tax_total,
      o.discount_total::int as discount_total, o.total::int as total, o.refunded_total::int as refunded_total,
      o.shipping_address,
      coalesce((select json_agg(json_build_object('sku', l.sku, 'title', l.title, 'quantity', l.quantity,
          'unitPrice', l.unit_price, 'total', l.total) order by l.title)
        from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id), '[]'::json) as lines
    from orders o where o.tenant_id = ${tenantId} and o.customer_id = ${customerId}
    order by o.placed_at desc limit 5000`.execute(trx);
  return rows;
}

export async function anonymiseOrders(
  trx: Trx,
  tenantId: string,
  customerId: string,
  anonEmail: string,
): Promise<number> {
  const r = await sql`
    update orders set email = ${anonEmail},
      -- The address keeps its shape (readers expect name, line1, city,
      -- postalCode) and its country; everything that locates a person goes.
      shipping_address = jsonb_build_object('name', 'Deleted customer', 'line1', '(removed)',
        'city', '(removed)', 'postalCode', '(removed)', 'country', shipping_address -> 'country'),
      updated_at = now()
    where tenant_id = ${tenantId} and customer_id = ${customerId}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
