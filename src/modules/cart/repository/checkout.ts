/**
 * The cart's part in checkout's statements: the claim-and-lock statement
 * (composed with the idempotency owner's claim) and the cart's conversion as
 * a fragment of the order's single insert statement.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { claimKeySql } from '../../../lib/idempotency.js';
import type { CartRow } from './lines.js';

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
      ${claimKeySql(tenantId, claim)}
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

/** The cart marked converted, as a fragment for a WITH clause of checkout's final statement. */
export function convertCartFragment(trx: Trx, tenantId: string, cartId: string) {
  return trx
    .updateTable('carts')
    .set({ status: 'converted', updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .returning('id');
}

/**
 * The cart's variants and its last change as sub-selects, for another
 * owner's statement in checkout's first round trip (the live promotions on
 * the cart's lines: promotion-rules' cartOfferRowsQuery). Run behind the
 * claim-and-lock statement, they read the cart as it is once locked.
 */
export function cartForOffersSql(tenantId: string, cartId: string) {
  return {
    variantIds: sql<string>`select ci.variant_id from cart_items ci
       where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId}`,
    changedAt: sql<Date>`select c.updated_at from carts c where c.tenant_id = ${tenantId} and c.id = ${cartId}`,
  };
}
