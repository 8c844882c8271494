/**
 * All SQL for carts and cart items (this file and ./repository/*, re-exported
 * here: the cart's one data door). Functions take the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { CartLineRow } from './repository/lines.js';

export * from './repository/add-line.js';
export * from './repository/checkout.js';
export * from './repository/lines.js';

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
