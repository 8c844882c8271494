/**
 * Pricing: the store's rules and promotions feed the pure engine
 * (./engine.ts) over every variant. A run records price history (one row per
 * variant per run key, only where something changes) and, in 'apply' mode,
 * writes the new price to the variant; in 'propose' mode the merchant applies
 * proposals later. The whole run is ONE transaction with its run key in
 * job_runs: a job re-run after a crash either finds the key (nothing applied
 * twice) or finds nothing (the crashed attempt rolled back).
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { computePrice, type PriceResult } from './engine.js';
import {
  assertCategory,
  assertProduct,
  getPromotionRow,
  getRuleRow,
  getSettings,
  listPromotionRows,
  listRuleRows,
  loadVariantFacts,
  type PromotionRow,
  type RuleRow,
  saveSettings,
  toEnginePromotions,
  toEngineRules,
} from './repository.js';
import {
  type CreatePromotionInput,
  type CreateRuleInput,
  PARAMS_BY_KIND,
  type PricingSettings,
  type Proposal,
  type UpdatePromotionInput,
  type UpdateRuleInput,
} from './schemas.js';

export { getSettings };

export async function updateSettings(
  trx: Trx,
  tenantId: string,
  patch: Partial<PricingSettings>,
): Promise<PricingSettings> {
  const next = { ...(await getSettings(trx, tenantId)), ...patch };
  await saveSettings(trx, tenantId, next);
  return next;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function ruleOut(r: RuleRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    categoryId: r.category_id,
    params: r.params,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    active: r.active,
  };
}

function promotionOut(r: PromotionRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    value: r.value,
    target: r.target,
    targetId: r.target_id,
    priority: r.priority,
    stackable: r.stackable,
    startsAt: r.starts_at.toISOString(),
    endsAt: iso(r.ends_at),
    active: r.active,
  };
}

function validateParams(kind: CreateRuleInput['kind'], params: unknown): Record<string, unknown> {
  const r = PARAMS_BY_KIND[kind].safeParse(params);
  if (!r.success)
    throw new AppError('validation_failed', `Invalid ${kind} parameters`, {
      issues: r.error.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message })),
    });
  return r.data as Record<string, unknown>;
}

function checkRange(startsAt: string | Date | null | undefined, endsAt: string | Date | null | undefined) {
  if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt))
    throw new AppError('validation_failed', 'endsAt must be after startsAt', {
      issues: [{ path: 'endsAt', message: 'must be after startsAt' }],
    });
}

export async function listRules(trx: Trx, tenantId: string) {
  return (await listRuleRows(trx, tenantId)).map(ruleOut);
}

export async function createRule(trx: Trx, tenantId: string, input: CreateRuleInput) {
  const params = validateParams(input.kind, input.params);
  if (input.kind === 'seasonal' && !input.startsAt)
    throw new AppError('validation_failed', 'A seasonal rule needs a start date', {
      issues: [{ path: 'startsAt', message: 'Required for seasonal rules' }],
    });
  checkRange(input.startsAt, input.endsAt);
  await assertCategory(trx, tenantId, input.categoryId);
  const row = await trx
    .insertInto('price_rules')
    .values({
      tenant_id: tenantId,
      name: input.name,
      kind: input.kind,
      category_id: input.categoryId ?? null,
      params: JSON.stringify(params),
      starts_at: input.startsAt ?? null,
      ends_at: input.endsAt ?? null,
      active: input.active ?? true,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return ruleOut(row);
}

export async function updateRule(trx: Trx, tenantId: string, id: string, input: UpdateRuleInput) {
  const cur = await getRuleRow(trx, tenantId, id);
  const params = input.params ? validateParams(cur.kind, { ...cur.params, ...input.params }) : undefined;
  checkRange(
    input.startsAt === undefined ? cur.starts_at : input.startsAt,
    input.endsAt === undefined ? cur.ends_at : input.endsAt,
  );
  if (input.categoryId !== undefined) await assertCategory(trx, tenantId, input.categoryId);
  const row = await trx
    .updateTable('price_rules')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
      ...(input.startsAt !== undefined ? { starts_at: input.startsAt } : {}),
      ...(input.endsAt !== undefined ? { ends_at: input.endsAt } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(params ? { params: JSON.stringify(params) } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cur.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return ruleOut(row);
}

export async function deleteRule(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getRuleRow(trx, tenantId, id);
  await trx.deleteFrom('price_rules').where('tenant_id', '=', tenantId).where('id', '=', cur.id).execute();
}

export async function listPromotions(trx: Trx, tenantId: string) {
  return (await listPromotionRows(trx, tenantId)).map(promotionOut);
}

export async function createPromotion(trx: Trx, tenantId: string, input: CreatePromotionInput) {
  if (input.target === 'category') await assertCategory(trx, tenantId, input.targetId);
  if (input.target === 'product') await assertProduct(trx, tenantId, input.targetId!);
  const row = await trx
    .insertInto('promotions')
    .values({
      tenant_id: tenantId,
      name: input.name,
      kind: input.kind,
      value: input.value,
      target: input.target,
      target_id: input.targetId ?? null,
      priority: input.priority ?? 0,
      stackable: input.stackable ?? false,
      starts_at: input.startsAt,
      ends_at: input.endsAt ?? null,
      active: input.active ?? true,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return promotionOut(row);
}

export async function updatePromotion(trx: Trx, tenantId: string, id: string, input: UpdatePromotionInput) {
  const cur = await getPromotionRow(trx, tenantId, id);
  const value = input.value ?? cur.value;
  if (cur.kind === 'percentage' && value > 10_000)
    throw new AppError('validation_failed', 'A percentage is at most 10000 bp', {
      issues: [{ path: 'value', message: 'at most 10000' }],
    });
  checkRange(input.startsAt ?? cur.starts_at, input.endsAt === undefined ? cur.ends_at : input.endsAt);
  const row = await trx
    .updateTable('promotions')
    .set({ ...input, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cur.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return promotionOut(row);
}

export async function deletePromotion(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getPromotionRow(trx, tenantId, id);
  await trx.deleteFrom('promotions').where('tenant_id', '=', tenantId).where('id', '=', cur.id).execute();
}

/** Computes every variant's price now, without writing anything. */
export async function computeStorePrices(
  trx: Trx,
  tenantId: string,
  now: Date,
): Promise<{
  settings: PricingSettings;
  results: (PriceResult & { sku: string; storedListPrice: number | null })[];
}> {
  const settings = await getSettings(trx, tenantId);
  const rules = toEngineRules(await listRuleRows(trx, tenantId));
  const promos = toEnginePromotions(await listPromotionRows(trx, tenantId));
  const facts = await loadVariantFacts(trx, tenantId, now, settings.velocityWindowDays);
  const results = facts.map((f) => ({
    ...computePrice(f, rules, promos, settings, now),
    sku: f.sku,
    storedListPrice: f.listPrice,
  }));
  return { settings, results };
}

const toProposal = (r: PriceResult & { sku: string }): Proposal => ({
  variantId: r.variantId,
  sku: r.sku,
  oldPrice: r.oldPrice,
  newPrice: r.newPrice,
  listPrice: r.listPrice,
  floor: r.floor,
  setBy: r.setBy,
  reasons: r.reasons,
});

/** Proposed changes (variants whose price would change), with reasons. */
export async function previewPrices(trx: Trx, tenantId: string, now: Date): Promise<Proposal[]> {
  const { results } = await computeStorePrices(trx, tenantId, now);
  return results.filter((r) => r.newPrice !== r.oldPrice).map(toProposal);
}

export interface RunSummary {
  runKey: string;
  variants: number;
  changed: number;
  mode: 'apply' | 'propose';
  alreadyRan: boolean;
}

/**
 * One recalculation run. Must be called in ONE transaction (the job's
 * withTenant): the run key row, history, list prices and variant prices
 * commit together or not at all.
 */
export async function runPricing(trx: Trx, tenantId: string, runKey: string, now: Date): Promise<RunSummary> {
  const claimed = await trx
    .insertInto('job_runs')
    .values({ tenant_id: tenantId, run_key: `pricing:${runKey}`, kind: 'pricing' })
    .onConflict((oc) => oc.columns(['tenant_id', 'run_key']).doNothing())
    .returning('run_key')
    .executeTakeFirst();
  if (!claimed) {
    const prev = await trx
      .selectFrom('job_runs')
      .select('result')
      .where('tenant_id', '=', tenantId)
      .where('run_key', '=', `pricing:${runKey}`)
      .executeTakeFirstOrThrow();
    return { ...(prev.result as unknown as RunSummary), alreadyRan: true };
  }
  const { settings, results } = await computeStorePrices(trx, tenantId, now);
  const changed = results.filter((r) => r.newPrice !== r.oldPrice);
  const status = settings.mode === 'apply' ? 'applied' : 'proposed';
  const CHUNK = 1000;
  // Every open proposal is superseded by this run's view of the store.
  await trx
    .updateTable('price_history')
    .set({ status: 'superseded' })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'proposed')
    .execute();
  if (changed.length > 0) {
    for (let i = 0; i < changed.length; i += CHUNK) {
      const part = changed.slice(i, i + CHUNK);
      // One JSON parameter per chunk: thousands of bound parameters cost more than the insert.
      const rows = part.map((r) => ({
        variant_id: r.variantId,
        old_price: r.oldPrice,
        new_price: r.newPrice,
        list_price: r.listPrice,
        rule: r.setBy,
        reasons: r.reasons,
      }));
      await sql`
        insert into price_history (tenant_id, variant_id, run_key, old_price, new_price, list_price, rule, reasons, status)
        select ${tenantId}::uuid, x.variant_id, ${runKey}, x.old_price, x.new_price, x.list_price, x.rule, x.reasons, ${status}
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as x(variant_id uuid, old_price bigint, new_price bigint, list_price bigint, rule text, reasons jsonb)
        on conflict (tenant_id, run_key, variant_id) do nothing`.execute(trx);
    }
  }
  // Applied runs move the engine's state (list prices) for every variant; a
  // proposal leaves it untouched, so the next run proposes from the same point.
  if (status === 'applied') {
    for (let i = 0; i < results.length; i += CHUNK) {
      const part = results.slice(i, i + CHUNK);
      // Only list prices that moved (or were never stored) are written.
      await writeListPrices(
        trx,
        tenantId,
        part.filter((r) => r.storedListPrice !== r.listPrice),
        now,
      );
      await writeVariantPrices(
        trx,
        tenantId,
        part.filter((r) => r.newPrice !== r.oldPrice).map((r) => ({ id: r.variantId, price: r.newPrice })),
      );
    }
  }
  const summary: RunSummary = {
    runKey,
    variants: results.length,
    changed: changed.length,
    mode: settings.mode,
    alreadyRan: false,
  };
  await trx
    .updateTable('job_runs')
    .set({ result: JSON.stringify(summary) })
    .where('tenant_id', '=', tenantId)
    .where('run_key', '=', `pricing:${runKey}`)
    .execute();
  return summary;
}

/** The engine's state between runs; the base price is fixed when first seen. */
async function writeListPrices(
  trx: Trx,
  tenantId: string,
  rows: { variantId: string; listPrice: number; oldPrice: number }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({
    variant_id: r.variantId,
    list_price: r.listPrice,
    base_price: r.oldPrice,
  }));
  await sql`
    insert into variant_list_prices (tenant_id, variant_id, list_price, base_price, updated_at)
    select ${tenantId}::uuid, x.variant_id, x.list_price, x.base_price, ${now}
      from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(variant_id uuid, list_price bigint, base_price bigint)
    on conflict (tenant_id, variant_id) do update
      set list_price = excluded.list_price,
          base_price = coalesce(variant_list_prices.base_price, excluded.base_price),
          updated_at = excluded.updated_at`.execute(trx);
}

async function writeVariantPrices(
  trx: Trx,
  tenantId: string,
  rows: { id: string; price: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update variants v set price = x.price, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, price bigint)
     where v.tenant_id = ${tenantId} and v.id = x.id and v.price is distinct from x.price`.execute(trx);
}

/** Applies the open proposals (all, or the given variants'); returns how many prices changed. */
export async function applyProposals(trx: Trx, tenantId: string, variantIds?: string[]): Promise<number> {
  if (variantIds?.some((id) => !isUuid(id))) throw notFound('Variant');
  let q = trx
    .selectFrom('price_history')
    .select(['id', 'variant_id', 'new_price', 'old_price', 'list_price'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'proposed');
  if (variantIds) {
    if (variantIds.length === 0) return 0;
    q = q.where('variant_id', 'in', variantIds);
  }
  const rows = await q.forUpdate().execute();
  if (rows.length === 0) return 0;
  await writeVariantPrices(
    trx,
    tenantId,
    rows.map((r) => ({ id: r.variant_id, price: r.new_price })),
  );
  await writeListPrices(
    trx,
    tenantId,
    rows.map((r) => ({ variantId: r.variant_id, listPrice: r.list_price, oldPrice: r.old_price })),
    new Date(),
  );
  await trx
    .updateTable('price_history')
    .set({ status: 'applied' })
    .where('tenant_id', '=', tenantId)
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}

export async function priceHistory(trx: Trx, tenantId: string, variantId: string, limit = 100) {
  const v = isUuid(variantId)
    ? await trx
        .selectFrom('variants')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', variantId)
        .executeTakeFirst()
    : undefined;
  if (!v) throw notFound('Variant');
  const rows = await trx
    .selectFrom('price_history')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    runKey: r.run_key,
    oldPrice: r.old_price,
    newPrice: r.new_price,
    listPrice: r.list_price,
    rule: r.rule,
    reasons: r.reasons,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}
