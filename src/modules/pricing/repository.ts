/** Pricing data access: settings, rules, promotions and the facts the engine prices from. */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { PriceRule, Promotion, VariantFacts } from './engine.js';
import type { PricingSettings } from './schemas.js';

export const DEFAULT_SETTINGS: PricingSettings = {
  mode: 'propose',
  marginFloorBp: 1000,
  maxStepBp: 1000,
  velocityWindowDays: 28,
};

export async function getSettings(trx: Trx, tenantId: string): Promise<PricingSettings> {
  const r = await trx
    .selectFrom('pricing_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_SETTINGS };
  return {
    mode: r.mode,
    marginFloorBp: r.margin_floor_bp,
    maxStepBp: r.max_step_bp,
    velocityWindowDays: r.velocity_window_days,
  };
}

export async function saveSettings(trx: Trx, tenantId: string, s: PricingSettings): Promise<void> {
  const values = {
    mode: s.mode,
    margin_floor_bp: s.marginFloorBp,
    max_step_bp: s.maxStepBp,
    velocity_window_days: s.velocityWindowDays,
    updated_at: new Date(),
  };
  await trx
    .insertInto('pricing_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export async function assertCategory(
  trx: Trx,
  tenantId: string,
  id: string | null | undefined,
): Promise<void> {
  if (id == null) return;
  const row = isUuid(id)
    ? await trx
        .selectFrom('categories')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row)
    throw new AppError('validation_failed', 'Unknown category', {
      issues: [{ path: 'categoryId', message: 'No such category' }],
    });
}

export async function assertProduct(trx: Trx, tenantId: string, id: string): Promise<void> {
  const row = isUuid(id)
    ? await trx
        .selectFrom('products')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row)
    throw new AppError('validation_failed', 'Unknown product', {
      issues: [{ path: 'targetId', message: 'No such product' }],
    });
}

export type RuleRow = Awaited<ReturnType<typeof listRuleRows>>[number];

export async function listRuleRows(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('price_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getRuleRow(trx: Trx, tenantId: string, id: string): Promise<RuleRow> {
  const r = isUuid(id)
    ? await trx
        .selectFrom('price_rules')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw notFound('Price rule');
  return r;
}

export type PromotionRow = Awaited<ReturnType<typeof listPromotionRows>>[number];

export async function listPromotionRows(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('promotions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('priority', 'desc')
    .orderBy('id')
    .execute();
}

export async function getPromotionRow(trx: Trx, tenantId: string, id: string): Promise<PromotionRow> {
  const r = isUuid(id)
    ? await trx
        .selectFrom('promotions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw notFound('Promotion');
  return r;
}

/** Rule rows → engine rules (invalid params are skipped rather than failing a whole run). */
export function toEngineRules(rows: RuleRow[]): PriceRule[] {
  const out: PriceRule[] = [];
  for (const r of rows) {
    if (!r.active) continue;
    const base = {
      id: r.id,
      name: r.name,
      categoryId: r.category_id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
    };
    const p = r.params as Record<string, number>;
    if (r.kind === 'cost_plus' && Number.isInteger(p.markupBp))
      out.push({ ...base, kind: 'cost_plus', markupBp: p.markupBp! });
    else if (r.kind === 'seasonal' && Number.isInteger(p.multiplierBp))
      out.push({ ...base, kind: 'seasonal', multiplierBp: p.multiplierBp! });
    else if (r.kind === 'demand')
      out.push({
        ...base,
        kind: 'demand',
        lowCoverDays: p.lowCoverDays ?? 14,
        highCoverDays: p.highCoverDays ?? 60,
        stepBp: p.stepBp ?? 500,
        minBp: p.minBp ?? 8000,
        maxBp: p.maxBp ?? 12000,
      });
  }
  return out;
}

export function toEnginePromotions(rows: PromotionRow[]): Promotion[] {
  return rows
    .filter((r) => r.active)
    .map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      value: r.value,
      target: r.target,
      targetId: r.target_id,
      priority: r.priority,
      stackable: r.stackable,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
    }));
}

export interface FactsRow extends VariantFacts {
  sku: string;
}

/** Every variant with its category, list/base price, available stock and units sold in the window. */
export async function loadVariantFacts(
  trx: Trx,
  tenantId: string,
  now: Date,
  windowDays: number,
): Promise<FactsRow[]> {
  const since = new Date(now.getTime() - windowDays * 86_400_000);
  const { rows } = await sql<{
    id: string;
    product_id: string;
    category_id: string | null;
    sku: string;
    cost: number | null;
    price: number;
    list_price: number | null;
    base_price: number | null;
    available: number;
    sold: number;
  }>`
    with sold as (
      select ol.variant_id, sum(ol.quantity)::int as sold
        from order_lines ol
        join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
       where ol.tenant_id = ${tenantId}
         and o.status in ('paid', 'fulfilled', 'completed')
         and o.placed_at >= ${since} and o.placed_at < ${now}
         and ol.variant_id is not null
       group by ol.variant_id
    )
    select v.id, v.product_id, p.category_id, v.sku, v.cost, v.price,
           lp.list_price, lp.base_price, (v.stock - v.reserved) as available,
           coalesce(s.sold, 0) as sold
      from variants v
      join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
      left join variant_list_prices lp on lp.tenant_id = v.tenant_id and lp.variant_id = v.id
      left join sold s on s.variant_id = v.id
     where v.tenant_id = ${tenantId} and p.status <> 'archived'
     order by v.id`.execute(trx);
  return rows.map((r) => ({
    variantId: r.id,
    productId: r.product_id,
    categoryId: r.category_id,
    sku: r.sku,
    cost: r.cost,
    currentPrice: r.price,
    listPrice: r.list_price,
    basePrice: r.base_price,
    available: r.available,
    unitsSold: r.sold,
  }));
}
