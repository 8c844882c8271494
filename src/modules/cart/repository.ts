/** All SQL for carts and cart items. Functions take the transaction first. */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { CartsTable } from '../../lib/db/tables/commerce.js';

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

export function insertCart(trx: Trx, tenantId: string, customerId: string | null, currency: string) {
  return trx
    .insertInto('carts')
    .values({ tenant_id: tenantId, customer_id: customerId, currency, updated_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** `lock`: FOR UPDATE, so cart changes and checkout of one cart serialise. */
export function findCart(trx: Trx, tenantId: string, cartId: string, opts: { lock?: boolean } = {}) {
  let q = trx.selectFrom('carts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', cartId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Locks the cart by touching it (`updated_at = now()`) and returns it: one
 * round trip instead of lock + touch + re-read. A caller that then refuses the
 * change throws, and the rollback undoes the touch.
 */
export function touchAndLockCart(trx: Trx, tenantId: string, cartId: string) {
  return trx
    .updateTable('carts')
    .set({ updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The sellable variant's stock (undefined when it is not sellable) and the
 * quantity already on the cart's line for it (0 when none), in one read. Run
 * it after the cart is locked so the line quantity is current.
 */
export async function lineTarget(
  trx: Trx,
  tenantId: string,
  cartId: string,
  variantId: string,
): Promise<{ stock: number; reserved: number; existing: number } | undefined> {
  const { rows } = await sql<{ stock: number; reserved: number; existing: number | null }>`
    select v.stock, v.reserved,
           (select ci.quantity from cart_items ci
             where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId} and ci.variant_id = ${variantId}) as existing
      from variants v
      join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
     where v.tenant_id = ${tenantId} and v.id = ${variantId} and p.status = 'active'`.execute(trx);
  const r = rows[0];
  return r ? { stock: r.stock, reserved: r.reserved, existing: r.existing ?? 0 } : undefined;
}

/**
 * Upserts one line and returns the cart's lines as they are after the write
 * (same shape and order as `cartLines`), in one statement: a data-modifying
 * CTE's row is not visible to the rest of its statement, so the written line
 * comes from RETURNING and the others from the table.
 */
export async function upsertItemReturningLines(
  trx: Trx,
  tenantId: string,
  cartId: string,
  variantId: string,
  quantity: number,
): Promise<CartLineRow[]> {
  const { rows } = await sql<CartLineRow>`
    with up as (
      insert into cart_items (tenant_id, cart_id, variant_id, quantity)
      values (${tenantId}, ${cartId}, ${variantId}, ${quantity})
      on conflict (tenant_id, cart_id, variant_id) do update set quantity = excluded.quantity
      returning variant_id, quantity, created_at
    ), l as (
      select ci.variant_id, ci.quantity, ci.created_at from cart_items ci
       where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId} and ci.variant_id <> ${variantId}
      union all
      select variant_id, quantity, created_at from up
    )
    select l.variant_id, l.quantity, p.id as product_id, p.handle as product_handle,
           p.title as product_title, p.status as product_status, v.sku, v.title as variant_title,
           v.price, v.cost, v.stock, v.reserved
      from l
      join variants v on v.tenant_id = ${tenantId} and v.id = l.variant_id
      join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
     order by l.created_at, l.variant_id`.execute(trx);
  return rows;
}

export function findActiveCustomerCart(trx: Trx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('carts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'active')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export function cartLines(trx: Trx, tenantId: string, cartId: string): Promise<CartLineRow[]> {
  return trx
    .selectFrom('cart_items as ci')
    .innerJoin('variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'ci.tenant_id').onRef('v.id', '=', 'ci.variant_id'),
    )
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select([
      'ci.variant_id',
      'ci.quantity',
      'p.id as product_id',
      'p.handle as product_handle',
      'p.title as product_title',
      'p.status as product_status',
      'v.sku',
      'v.title as variant_title',
      'v.price',
      'v.cost',
      'v.stock',
      'v.reserved',
    ])
    .where('ci.tenant_id', '=', tenantId)
    .where('ci.cart_id', '=', cartId)
    .orderBy('ci.created_at')
    .orderBy('ci.variant_id')
    .execute();
}

/** A variant a shopper may buy: it exists in this store and its product is active. */
export function findSellableVariant(trx: Trx, tenantId: string, variantId: string) {
  return trx
    .selectFrom('variants as v')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select(['v.id', 'v.stock', 'v.reserved'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.id', '=', variantId)
    .where('p.status', '=', 'active')
    .executeTakeFirst();
}

export function findItem(trx: Trx, tenantId: string, cartId: string, variantId: string) {
  return trx
    .selectFrom('cart_items')
    .select(['quantity'])
    .where('tenant_id', '=', tenantId)
    .where('cart_id', '=', cartId)
    .where('variant_id', '=', variantId)
    .executeTakeFirst();
}

export async function upsertItem(
  trx: Trx,
  tenantId: string,
  cartId: string,
  variantId: string,
  quantity: number,
): Promise<void> {
  await trx
    .insertInto('cart_items')
    .values({ tenant_id: tenantId, cart_id: cartId, variant_id: variantId, quantity })
    .onConflict((oc) => oc.columns(['tenant_id', 'cart_id', 'variant_id']).doUpdateSet({ quantity }))
    .execute();
}

export async function deleteItem(
  trx: Trx,
  tenantId: string,
  cartId: string,
  variantId: string,
): Promise<boolean> {
  const r = await trx
    .deleteFrom('cart_items')
    .where('tenant_id', '=', tenantId)
    .where('cart_id', '=', cartId)
    .where('variant_id', '=', variantId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function setCartStatus(
  trx: Trx,
  tenantId: string,
  cartId: string,
  status: 'converted' | 'merged',
): Promise<void> {
  await trx
    .updateTable('carts')
    .set({ status, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .execute();
}

export async function touchCart(
  trx: Trx,
  tenantId: string,
  cartId: string,
  customerId?: string,
): Promise<void> {
  await trx
    .updateTable('carts')
    .set({ updated_at: sql`now()`, ...(customerId ? { customer_id: customerId } : {}) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .execute();
}
