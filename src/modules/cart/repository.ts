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
 * Checkout's first statement: claims the idempotency key (a racing duplicate
 * waits here on the key's unique index until the first one ends) and, only
 * when the key was claimed, locks the cart FOR UPDATE. The cart is locked
 * after the key by data dependency, so two duplicates never hold one each.
 * `claimed` false means another request owns the key: replay it.
 */
export type ClaimRow = CartRow & { claimed: boolean; found: boolean };

export function claimKeyAndLockCartQuery(
  tenantId: string,
  claim: { scope: string; key: string; hash: string },
  cartId: string,
) {
  return sql<ClaimRow>`
    with k as (
      insert into idempotency_keys (tenant_id, scope, key, request_hash)
      values (${tenantId}, ${claim.scope}, ${claim.key}, ${claim.hash})
      on conflict (tenant_id, scope, key) do nothing
      returning key
    ), c as (
      select c.* from carts c
       where c.tenant_id = ${tenantId} and c.id = ${cartId} and exists (select 1 from k)
         for update
    )
    select exists (select 1 from k) as claimed, c.id is not null as found, c.*
      from (select 1) one left join c on true`;
}

export function toClaim(rows: readonly ClaimRow[]): { claimed: boolean; cart: CartRow | null } {
  const r = rows[0]!;
  if (!r.found) return { claimed: r.claimed, cart: null };
  const { claimed, found, ...cart } = r;
  return { claimed, cart: cart as CartRow };
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
  const { rows } = await sql<{
    id: string | null;
    status: string | null;
    currency: string | null;
    customer_id: string | null;
    available: number | null;
    existing: number | null;
    added: boolean;
    lines: CartLineRow[] | null;
  }>`
    with c as (
      select c.id, c.status, c.currency, c.customer_id from carts c
       where c.tenant_id = ${tenantId} and c.id = ${cartId} and c.status = 'active'
         and (c.customer_id is null or c.customer_id = ${viewerCustomerId}::uuid)
         for update
    ), v as (
      select v.stock - v.reserved as available from variants v
        join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
       where v.tenant_id = ${tenantId} and v.id = ${variantId} and p.status = 'active'
    ), up as (
      insert into cart_items (tenant_id, cart_id, variant_id, quantity)
      select ${tenantId}, c.id, ${variantId}, ${quantity}::int from c, v
       where ${quantity}::int <= least(${max}::int, v.available)
      on conflict (tenant_id, cart_id, variant_id) do update
         set quantity = cart_items.quantity + excluded.quantity
       where cart_items.quantity + excluded.quantity <= (select least(${max}::int, v.available) from v)
      returning variant_id, quantity, created_at
    ), touched as (
      update carts set updated_at = now() from up
       where carts.tenant_id = ${tenantId} and carts.id = ${cartId}
      returning carts.id
    ), l as (
      select ci.variant_id, ci.quantity, ci.created_at from cart_items ci
       where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId} and ci.variant_id <> ${variantId}
         and exists (select 1 from up)
      union all
      select variant_id, quantity, created_at from up
    )
    select c.id, c.status, c.currency, c.customer_id,
           (select available from v) as available,
           (select ci.quantity from cart_items ci
             where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId} and ci.variant_id = ${variantId}) as existing,
           exists (select 1 from up) as added,
           (select ${cartLinesJsonAgg}
              from l
              join variants v on v.tenant_id = ${tenantId} and v.id = l.variant_id
              join products p on p.tenant_id = v.tenant_id and p.id = v.product_id) as lines
      from (select 1) one left join c on true`.execute(trx);
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
