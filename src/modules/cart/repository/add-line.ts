/**
 * Add-to-cart as ONE statement (the storefront's hottest write; see addToLine
 * for what it guarantees).
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { statementShape } from '../../../lib/db/statement-shapes.js';
import { type CartLineRow, type CartRow, cartLinesJsonAgg } from './lines.js';

export interface AddOutcome {
  /** The cart, when it exists, is active and the viewer may use it (locked). */
  cart: Pick<CartRow, 'id' | 'status' | 'currency' | 'customer_id'> | null;
  /** stock − reserved of the variant when it is sellable (statement snapshot). */
  available: number | null;
  /** The line's quantity before this add, as the statement saw it (for messages). */
  existing: number;
  /** True when the line was written; `lines` are then the cart after the write. */
  added: boolean;
  lines: CartLineRow[];
}

/**
 * Adds `quantity` to a line in ONE statement (run it with
 * withTenantStatement: opening, statement and commit in one round trip):
 *  - the cart is locked FOR UPDATE and must be active and the viewer's
 *    (a checkout converting it first makes it vanish from `c`);
 *  - the line is inserted, or incremented from its LATEST committed quantity
 *    (ON CONFLICT DO UPDATE reads the current row, so concurrent adds to one
 *    line never lose an increment), only while the result stays within
 *    `max` and the variant's stock − reserved;
 *  - the cart's updated_at is touched only when the line was written, so a
 *    refused add changes nothing.
 * Lines other than the written one come from the statement's snapshot.
 */
export async function addToLine(
  trx: Trx,
  tenantId: string,
  cartId: string,
  viewerCustomerId: string | null,
  variantId: string,
  quantity: number,
  max: number,
): Promise<AddOutcome> {
  const { rows } = await trx.executeQuery<AddRow>(
    compileAddToLine(trx, { tenantId, cartId, viewerCustomerId, variantId, quantity, max }),
  );
  const r = rows[0]!;
  return {
    cart: r.id
      ? { id: r.id, status: r.status as CartRow['status'], currency: r.currency!, customer_id: r.customer_id }
      : null,
    available: r.available,
    existing: r.existing ?? 0,
    added: r.added,
    lines: r.lines ?? [],
  };
}

interface AddRow {
  id: string | null;
  status: string | null;
  currency: string | null;
  customer_id: string | null;
  available: number | null;
  existing: number | null;
  added: boolean;
  lines: CartLineRow[] | null;
}

interface AddInput {
  tenantId: string;
  cartId: string;
  viewerCustomerId: string | null;
  variantId: string;
  quantity: number;
  max: number;
}

/**
 * addToLine's statement, compiled once per shape (lib/db/statement-shapes:
 * guest or shopper) and bound per request — Kysely rebuilt and walked the
 * same template on every add to cart.
 */
const compileAddToLine = statementShape('cart.addToLine', (trx, i: AddInput) =>
  sql<AddRow>`
      with c as (
        select c.id, c.status, c.currency, c.customer_id from carts c
         where c.tenant_id = ${i.tenantId} and c.id = ${i.cartId} and c.status = 'active'
           and (c.customer_id is null or c.customer_id = ${i.viewerCustomerId}::uuid)
           for update
      ), v as (
        select v.stock - v.reserved as available from variants v
          join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
         where v.tenant_id = ${i.tenantId} and v.id = ${i.variantId} and p.status = 'active'
      ), up as (
        insert into cart_items (tenant_id, cart_id, variant_id, quantity)
        select ${i.tenantId}, c.id, ${i.variantId}, ${i.quantity}::int from c, v
         where ${i.quantity}::int <= least(${i.max}::int, v.available)
        on conflict (tenant_id, cart_id, variant_id) do update
           set quantity = cart_items.quantity + excluded.quantity
         where cart_items.quantity + excluded.quantity <= (select least(${i.max}::int, v.available) from v)
        returning variant_id, quantity, created_at
      ), touched as (
        update carts set updated_at = now() from up
         where carts.tenant_id = ${i.tenantId} and carts.id = ${i.cartId}
        returning carts.id
      ), l as (
        select ci.variant_id, ci.quantity, ci.created_at from cart_items ci
         where ci.tenant_id = ${i.tenantId} and ci.cart_id = ${i.cartId} and ci.variant_id <> ${i.variantId}
           and exists (select 1 from up)
        union all
        select variant_id, quantity, created_at from up
      )
      select c.id, c.status, c.currency, c.customer_id,
             (select available from v) as available,
             (select ci.quantity from cart_items ci
               where ci.tenant_id = ${i.tenantId} and ci.cart_id = ${i.cartId} and ci.variant_id = ${i.variantId}) as existing,
             exists (select 1 from up) as added,
             (select ${cartLinesJsonAgg}
                from l
                join variants v on v.tenant_id = ${i.tenantId} and v.id = l.variant_id
                join products p on p.tenant_id = v.tenant_id and p.id = v.product_id) as lines
        from (select 1) one left join c on true`.compile(trx),
);
