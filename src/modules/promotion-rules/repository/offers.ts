/**
 * All SQL for live promotions (offers) and rule budgets. The two claims are
 * guarded single statements, so concurrent checkouts cannot pass a usage
 * limit or a budget cap: the row is updated only while the limit still holds.
 */
import type { Insertable, RawBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { PromotionOffersTable } from '../../../lib/db/tables/promotion-rules.js';

export type OfferRow = Selectable<PromotionOffersTable>;

export function insertOfferRows(trx: Trx, rows: Insertable<PromotionOffersTable>[]): Promise<OfferRow[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return trx.insertInto('promotion_offers').values(rows).returningAll().execute();
}

/** An auto-applied run's offers (see bulkOfferRows): one statement per 5,000, the columns as arrays. */
export interface BulkOffer {
  rule_id: string;
  proposal_id: string;
  variant_id: string;
  product_id: string;
  partner_product_id: string | null;
  discount_bp: number;
  floor_price: number;
  ends_at: Date;
  baseline_units: number;
  baseline_revenue: number;
}

/** Starts many offers of one rule at `now` (its priority and stacking); returns nothing. */
export async function insertBulkOfferRows(
  trx: Trx,
  tenantId: string,
  rule: { priority: number; stackable: boolean },
  rows: readonly BulkOffer[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const col = <T>(f: (r: BulkOffer) => T) => part.map(f);
    await sql`
      insert into promotion_offers (tenant_id, priority, stackable, starts_at, created_at, rule_id, proposal_id,
        variant_id, product_id, partner_product_id, discount_bp, floor_price, ends_at, baseline_units, baseline_revenue)
      select ${tenantId}::uuid, ${rule.priority}::int, ${rule.stackable}::boolean, ${now}::timestamptz,
             ${now}::timestamptz, r.*
        from unnest(${col((r) => r.rule_id)}::uuid[], ${col((r) => r.proposal_id)}::uuid[],
                    ${col((r) => r.variant_id)}::uuid[], ${col((r) => r.product_id)}::uuid[],
                    ${col((r) => r.partner_product_id)}::uuid[], ${col((r) => r.discount_bp)}::int[],
                    ${col((r) => r.floor_price)}::bigint[], ${col((r) => r.ends_at)}::timestamptz[],
                    ${col((r) => r.baseline_units)}::numeric[], ${col((r) => r.baseline_revenue)}::bigint[]) r`.execute(
      trx,
    );
  }
}

/**
 * Offers on these variants live at `now` (active, started, not yet ended;
 * bundle partners are checked by the caller). With `endedSince` — checkout —
 * the same statement also returns the non-bundle offers on them that ended in
 * (endedSince, now], whether they ran to their end or were ended early, so
 * the order can say which promotions ended after the shopper's quote without
 * a second query. Tell them apart with isLiveOfferRow. Both halves are
 * ranges of promotion_offers_variant_end_idx (tenant, variant, ends_at).
 */
export function offerRowsAt(
  trx: Trx,
  tenantId: string,
  variantIds: readonly string[],
  now: Date,
  endedSince?: Date,
) {
  if (variantIds.length === 0) return Promise.resolve([] as OfferRow[]);
  return trx
    .selectFrom('promotion_offers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('variant_id', 'in', [...variantIds])
    .where('ends_at', '>', endedSince && endedSince < now ? endedSince : now)
    .where((eb) => {
      const live = eb.and([eb('status', '=', 'active'), eb('starts_at', '<=', now), eb('ends_at', '>', now)]);
      if (!endedSince) return live;
      return eb.or([live, eb.and([eb('partner_product_id', 'is', null), eb('ends_at', '<=', now)])]);
    })
    .execute();
}

/**
 * offerRowsAt for a cart's lines as one compilable statement, so checkout
 * reads it in its first round trip: the variants and the cart's last change
 * (`endedSince`) come as sub-selects from the cart's owner (cart repository
 * cartForOffersSql) instead of values read first.
 */
export function cartOfferRowsQuery(
  tenantId: string,
  cart: { variantIds: RawBuilder<string>; changedAt: RawBuilder<Date> },
  now: Date,
) {
  return sql<OfferRow>`
    select o.* from promotion_offers o
     where o.tenant_id = ${tenantId}
       and o.variant_id in (${cart.variantIds})
       and o.ends_at > least((${cart.changedAt}), ${now}::timestamptz)
       and ((o.status = 'active' and o.starts_at <= ${now}::timestamptz and o.ends_at > ${now}::timestamptz)
            or (o.partner_product_id is null and o.ends_at <= ${now}::timestamptz))`;
}

/**
 * cartOfferRowsQuery's rows as ONE json array (null when none): a scalar
 * sub-select checkout adds to its reads statement (orders' checkoutReadsQuery)
 * instead of a statement of its own. baseline_units (numeric) goes as text,
 * as the driver returns it; toOfferRows reads the array back into rows.
 */
export function cartOffersJsonSql(
  tenantId: string,
  cart: { variantIds: RawBuilder<string>; changedAt: RawBuilder<Date> },
  now: Date,
): RawBuilder<unknown> {
  return sql`(select json_agg(to_jsonb(o) || jsonb_build_object('baseline_units', o.baseline_units::text))
     from (${cartOfferRowsQuery(tenantId, cart, now)}) o)`;
}

/** cartOffersJsonSql's value as the rows cartOfferRowsQuery returns (timestamps as Dates). */
export function toOfferRows(json: unknown): OfferRow[] {
  if (!Array.isArray(json)) return [];
  return json.map((o: OfferRow & { starts_at: string; ends_at: string; created_at: string }) => ({
    ...o,
    starts_at: new Date(o.starts_at),
    ends_at: new Date(o.ends_at),
    created_at: new Date(o.created_at),
  }));
}

/** True for a row of offerRowsAt that is live at `now` (false: it ended in the window asked for). */
export const isLiveOfferRow = (o: OfferRow, now: Date) =>
  o.status === 'active' && o.starts_at <= now && o.ends_at > now;

/** Active offers on any variant of these products (the storefront's bundle offers). */
export function liveOfferRowsForProducts(
  trx: Trx,
  tenantId: string,
  productIds: readonly string[],
  now: Date,
) {
  if (productIds.length === 0) return Promise.resolve([] as OfferRow[]);
  return trx
    .selectFrom('promotion_offers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([eb('product_id', 'in', [...productIds]), eb('partner_product_id', 'in', [...productIds])]),
    )
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .execute();
}

export function listOfferRows(trx: Trx, tenantId: string, status: 'active' | 'ended' | null, limit = 200) {
  let q = trx.selectFrom('promotion_offers').selectAll().where('tenant_id', '=', tenantId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Offers per (rule, variant) so far: the clearance step a rule has reached. */
export async function offerCounts(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom('promotion_offers')
    .select([
      'rule_id',
      'variant_id',
      sql<number>`count(*)::int`.as('n'),
      sql<boolean>`bool_or(status = 'active')`.as('live'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy(['rule_id', 'variant_id'])
    .execute();
  return new Map(rows.map((r) => [`${r.rule_id}:${r.variant_id}`, { n: r.n, live: r.live }]));
}

/** Ends offers (past their end, or on variants now under the low-stock threshold). */
export async function endOfferRows(trx: Trx, tenantId: string, ids: readonly string[], reason: string) {
  if (ids.length === 0) return 0;
  const r = await trx
    .updateTable('promotion_offers')
    // ends_at becomes the moment it ended, so checkout can tell a shopper it ended after their quote.
    .set({
      status: 'ended',
      ended_reason: reason,
      ends_at: sql<Date>`least(ends_at, greatest(now(), starts_at + interval '1 second'))`,
    })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function expireOfferRows(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const r = await trx
    .updateTable('promotion_offers')
    .set({ status: 'ended', ended_reason: 'Reached its end date' })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('ends_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * One sale under an offer: counts a use (only while under max_uses) and adds
 * the line's units, revenue, discount and cost. False = the limit was reached.
 */
export async function claimOfferUse(
  trx: Trx,
  tenantId: string,
  id: string,
  sale: { units: number; revenue: number; discount: number; cost: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('promotion_offers')
    .set((eb) => ({
      uses: eb('uses', '+', 1),
      units: eb('units', '+', sale.units),
      revenue: eb('revenue', '+', sale.revenue),
      discount_given: eb('discount_given', '+', sale.discount),
      cost_total: eb('cost_total', '+', sale.cost),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Adds `amount` to the rule's spend for the period only while spent + amount
 * ≤ cap: one guarded upsert, so two checkouts racing for the last of the
 * budget cannot both get it (the second waits on the row lock, then re-checks).
 */
export async function claimBudget(
  trx: Trx,
  tenantId: string,
  ruleId: string,
  periodStart: string,
  amount: number,
  cap: number,
): Promise<boolean> {
  if (amount > cap) return false;
  const { rows } = await sql<{ spent: number }>`
    insert into promotion_budgets (tenant_id, rule_id, period_start, spent)
    values (${tenantId}, ${ruleId}, ${periodStart}::date, ${amount})
    on conflict (tenant_id, rule_id, period_start)
    do update set spent = promotion_budgets.spent + excluded.spent
     where promotion_budgets.spent + excluded.spent <= ${cap}
    returning spent`.execute(trx);
  return rows.length === 1;
}

/** Spend per rule in the periods holding `periodStarts` (rule id → spent). */
export async function budgetSpent(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom('promotion_budgets')
    .select(['rule_id', sql<string>`period_start::text`.as('period'), 'spent'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows;
}
