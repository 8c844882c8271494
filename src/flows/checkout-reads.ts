/**
 * Everything checkout reads after locking the cart, in ONE statement: the
 * cart's lines with current prices and stock (same rows as cart
 * repository's cartLines), the store's active shipping rates (as
 * listShippingRates with activeOnly), the tax rule for the destination
 * country (none configured: 0 %, exclusive) and the owners' e-mail addresses.
 * Run after the cart lock (checkout pipelines it right behind the locking
 * statement), so the lines are the cart as it is now.
 */
import { sql } from 'kysely';
import { type CartLineRow, cartLinesJsonAgg } from '../modules/cart/repository.js';
import type { ShippingRateRow } from '../modules/checkout-settings/repository.js';

export interface CheckoutReads {
  lines: CartLineRow[];
  shippingRates: ShippingRateRow[];
  tax: { rate: number; inclusive: boolean };
  owners: string[];
}

export interface CheckoutReadsRow {
  lines: CartLineRow[] | null;
  rates: ShippingRateRow[] | null;
  tax: { rate: number; inclusive: boolean } | null;
  owners: string[] | null;
}

export function checkoutReadsQuery(tenantId: string, cartId: string, country: string) {
  return sql<CheckoutReadsRow>`
    select
      (select ${cartLinesJsonAgg}
         from cart_items l
         join variants v on v.tenant_id = l.tenant_id and v.id = l.variant_id
         join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
        where l.tenant_id = ${tenantId} and l.cart_id = ${cartId}) as lines,
      (select json_agg(r order by r.position, r.amount, r.id)
         from (select * from shipping_rates
                where tenant_id = ${tenantId} and active
                order by position, amount, id limit 1000) r) as rates,
      (select json_build_object('rate', t.rate_bp, 'inclusive', t.inclusive)
         from tax_rates t where t.tenant_id = ${tenantId} and t.country = ${country}) as tax,
      (select json_agg(u.email)
         from memberships m join users u on u.id = m.user_id
        where m.tenant_id = ${tenantId} and m.role = 'owner') as owners`;
}

export function toCheckoutReads(rows: readonly CheckoutReadsRow[]): CheckoutReads {
  const r = rows[0]!;
  return {
    lines: r.lines ?? [],
    shippingRates: r.rates ?? [],
    tax: r.tax ?? { rate: 0, inclusive: false },
    owners: r.owners ?? [],
  };
}
