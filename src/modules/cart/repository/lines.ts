/** Row types of carts and of a cart's lines (joined to variants and products), and the lines' JSON aggregate. */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { CartsTable } from '../../../lib/db/tables/commerce.js';

export type CartRow = Selectable<CartsTable>;

export interface CartLineRow {
  variant_id: string;
  quantity: number;
  product_id: string;
  product_handle: string;
  product_title: string;
  product_status: string;
  sku: string;
  variant_title: string;
  price: number;
  cost: number | null;
  stock: number;
  reserved: number;
}

/**
 * The lines `l` (variant_id, quantity, created_at) joined to variants `v` and
 * products `p`, aggregated as CartLineRow objects in cart order: the JSON form
 * of cartLines, for statements that return a cart's lines with other things.
 */
export const cartLinesJsonAgg = sql`json_agg(json_build_object(
    'variant_id', l.variant_id, 'quantity', l.quantity, 'product_id', p.id,
    'product_handle', p.handle, 'product_title', p.title, 'product_status', p.status,
    'sku', v.sku, 'variant_title', v.title, 'price', v.price, 'cost', v.cost,
    'stock', v.stock, 'reserved', v.reserved)
  order by l.created_at, l.variant_id)`;

/**
 * A cart's lines as ONE json value (CartLineRow objects in cart order, null
 * when empty): a scalar subquery for statements that read the lines with
 * other things (checkout's reads).
 */
export function cartLinesJsonSql(tenantId: string, cartId: string): RawBuilder<unknown> {
  return sql`(select ${cartLinesJsonAgg}
         from cart_items l
         join variants v on v.tenant_id = l.tenant_id and v.id = l.variant_id
         join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
        where l.tenant_id = ${tenantId} and l.cart_id = ${cartId})`;
}
