/**
 * Fragments shared by the serving statements (serve-parts.ts for the serving cache, cart-reads.ts for the
 * confirmation e-mail): the served row's shape, the cart's products, the out-of-stock rule and the
 * one-click variant. Every list a shopper sees is composed by the serving cache (serve-cache.ts).
 */
import { sql } from 'kysely';

export interface ServedRow {
  id: string;
  handle: string;
  title: string;
  price: number;
  reason: string;
  /** The product's first variant in stock (by position), for a one-click add; null when none is. */
  variantId: string | null;
}

/** Product ids in the given cart (a read of the cart's tables for serving; nothing is written there). */
export const inCart = (tenantId: string, cartId: string | null | undefined) => sql`(
  select v.product_id from cart_items ci
  join variants v on v.tenant_id = ci.tenant_id and v.id = ci.variant_id
  where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId ?? null}::uuid)`;

/** The out-of-stock rule: the caller's, or the store's setting (default: leave them out). */
export const outOfStockExcluded = (tenantId: string, given: boolean | undefined) =>
  given === undefined
    ? sql`coalesce((select s.exclude_out_of_stock from recommendation_settings s
        where s.tenant_id = ${tenantId}), true)`
    : sql`${given}`;

/** The first in-stock variant of product `id` (by position). */
export const defaultVariant = (tenantId: string, id: ReturnType<typeof sql.ref>) => sql`(
  select v.id from variants v where v.tenant_id = ${tenantId} and v.product_id = ${id}
    and v.stock > v.reserved order by v.position, v.id limit 1)`;

export type RawRow = Omit<ServedRow, 'id' | 'variantId'> & { id: string | null; variant_id: string | null };

export function toServed(r: RawRow): ServedRow {
  return {
    id: r.id!,
    handle: r.handle,
    title: r.title,
    price: Number(r.price),
    reason: r.reason,
    variantId: r.variant_id,
  };
}

export interface Shopper {
  customerId: string | null;
  sessionId: string | null;
}
