/**
 * Pricing data access: price rules (`price_rules`) and promotions
 * (`promotions`), and their mapping to the engine's rule and promotion types.
 */
import type { Updateable } from 'kysely';
import { isUuid, type Trx } from '../../../lib/db/index.js';
import type { PromotionsTable } from '../../../lib/db/tables/workers.js';
import { notFound } from '../../../lib/errors.js';
import type { PriceRule, Promotion } from '../engine.js';
import type { CreatePromotionInput, CreateRuleInput } from '../schemas.js';

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

/** A new rule; `params` were validated for the rule's kind by the caller. */
export async function insertRule(
  trx: Trx,
  tenantId: string,
  input: CreateRuleInput,
  params: Record<string, unknown>,
): Promise<RuleRow> {
  return trx
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
}

export interface RulePatch {
  name?: string;
  categoryId?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  active?: boolean;
  params?: Record<string, unknown>;
}

export async function updateRuleRow(trx: Trx, tenantId: string, id: string, p: RulePatch): Promise<RuleRow> {
  return trx
    .updateTable('price_rules')
    .set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.categoryId !== undefined ? { category_id: p.categoryId } : {}),
      ...(p.startsAt !== undefined ? { starts_at: p.startsAt } : {}),
      ...(p.endsAt !== undefined ? { ends_at: p.endsAt } : {}),
      ...(p.active !== undefined ? { active: p.active } : {}),
      ...(p.params ? { params: JSON.stringify(p.params) } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteRuleRow(trx: Trx, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('price_rules').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
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

export async function insertPromotion(
  trx: Trx,
  tenantId: string,
  input: CreatePromotionInput,
): Promise<PromotionRow> {
  return trx
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
}

export type PromotionPatch = Pick<
  Updateable<PromotionsTable>,
  'name' | 'value' | 'priority' | 'stackable' | 'starts_at' | 'ends_at' | 'active'
>;

export async function updatePromotionRow(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: PromotionPatch,
): Promise<PromotionRow> {
  return trx
    .updateTable('promotions')
    .set({ ...patch, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePromotionRow(trx: Trx, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('promotions').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
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
