/** All SQL for discount codes, shipping rates and tax rates. Functions take the transaction first. */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { DiscountCodesTable, ShippingRatesTable, TaxRatesTable } from '../../lib/db/tables/commerce.js';

export type DiscountRow = Selectable<DiscountCodesTable>;
export type ShippingRateRow = Selectable<ShippingRatesTable>;
export type TaxRateRow = Selectable<TaxRatesTable>;

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

// ── Discount codes ─────────────────────────────────────────────────────────

export function listDiscountCodes(trx: Trx, tenantId: string): Promise<DiscountRow[]> {
  return trx
    .selectFrom('discount_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1000)
    .execute();
}

export function findDiscountCodeById(trx: Trx, tenantId: string, id: string) {
  return trx
    .selectFrom('discount_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findDiscountCodeByCode(trx: Trx, tenantId: string, code: string) {
  return trx
    .selectFrom('discount_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export function insertDiscountCode(
  trx: Trx,
  values: Omit<DiscountRow, 'id' | 'used_count' | 'created_at'>,
): Promise<DiscountRow> {
  return trx.insertInto('discount_codes').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateDiscountCode(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: Partial<
    Pick<DiscountRow, 'value' | 'min_subtotal' | 'usage_limit' | 'starts_at' | 'ends_at' | 'active'>
  >,
) {
  return trx
    .updateTable('discount_codes')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteDiscountCode(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('discount_codes')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * Counts one use of a code, atomically: the guarded UPDATE only matches while
 * the code is active, in its date range, the subtotal meets the minimum and a
 * use is left. Concurrent checkouts serialise on the row lock and re-check the
 * guard, so a limit of 5 yields exactly 5 uses.
 */
export function claimDiscountUseQuery(trx: Trx, tenantId: string, code: string, subtotal: number, now: Date) {
  return trx
    .updateTable('discount_codes')
    .set({ used_count: sql`used_count + 1` })
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .where('active', '=', true)
    .where('min_subtotal', '<=', subtotal)
    .where((eb) => eb.or([eb('starts_at', 'is', null), eb('starts_at', '<=', now)]))
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .where((eb) => eb.or([eb('usage_limit', 'is', null), eb('used_count', '<', eb.ref('usage_limit'))]))
    .returningAll();
}

/** Gives a use back (order cancelled before payment). */
export async function releaseDiscountUse(trx: Trx, tenantId: string, code: string): Promise<void> {
  await trx
    .updateTable('discount_codes')
    .set({ used_count: sql`used_count - 1` })
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .where('used_count', '>', 0)
    .execute();
}

// ── Shipping rates ─────────────────────────────────────────────────────────

export function listShippingRates(trx: Trx, tenantId: string, opts: { activeOnly?: boolean } = {}) {
  let q = trx.selectFrom('shipping_rates').selectAll().where('tenant_id', '=', tenantId);
  if (opts.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('position').orderBy('amount').orderBy('id').limit(1000).execute();
}

export function insertShippingRate(trx: Trx, values: Omit<ShippingRateRow, 'id'>): Promise<ShippingRateRow> {
  return trx.insertInto('shipping_rates').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateShippingRate(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<ShippingRateRow, 'id' | 'tenant_id'>>,
) {
  return trx
    .updateTable('shipping_rates')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteShippingRate(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('shipping_rates')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * The store's active rates as ONE json value (ShippingRateRow objects in
 * listShippingRates' order, null when none): a scalar subquery for checkout's
 * reads statement.
 */
export function activeShippingRatesJsonSql(tenantId: string): RawBuilder<unknown> {
  return sql`(select json_agg(r order by r.position, r.amount, r.id)
         from (select * from shipping_rates
                where tenant_id = ${tenantId} and active
                order by position, amount, id limit 1000) r)`;
}

// ── Tax rates ──────────────────────────────────────────────────────────────

export function listTaxRates(trx: Trx, tenantId: string): Promise<TaxRateRow[]> {
  return trx
    .selectFrom('tax_rates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('country')
    .orderBy('region')
    .execute();
}

export function findTaxRate(trx: Trx, tenantId: string, country: string, region = '') {
  return trx
    .selectFrom('tax_rates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('country', '=', country)
    .where('region', '=', region)
    .executeTakeFirst();
}

/** A rate to save; no region = the whole country. */
export type TaxRateInsert = Omit<TaxRateRow, 'region'> & { region?: string };

export function upsertTaxRate(trx: Trx, row: TaxRateInsert): Promise<TaxRateRow> {
  return trx
    .insertInto('tax_rates')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'country', 'region'])
        .doUpdateSet({ rate_bp: row.rate_bp, inclusive: row.inclusive }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTaxRate(
  trx: Trx,
  tenantId: string,
  country: string,
  region = '',
): Promise<boolean> {
  const r = await trx
    .deleteFrom('tax_rates')
    .where('tenant_id', '=', tenantId)
    .where('country', '=', country)
    .where('region', '=', region)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * The tax rule for `country` (and `region`, when the store has a rate for it:
 * a region's rate overrides the country's) as ONE json value ({rate,
 * inclusive}, null when none): a scalar subquery.
 */
export function taxRuleJsonSql(tenantId: string, country: string, region = ''): RawBuilder<unknown> {
  return sql`(select json_build_object('rate', t.rate_bp, 'inclusive', t.inclusive)
         from tax_rates t
        where t.tenant_id = ${tenantId} and t.country = ${country} and t.region in ('', ${region})
        order by t.region desc limit 1)`;
}
