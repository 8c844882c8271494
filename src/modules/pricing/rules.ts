/**
 * Price rules and promotions: list, create, update and delete, with the
 * parameter and date-range validation the engine relies on. Runs inside the
 * caller's tenant transaction (see ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { assertFeature } from '../entitlements/service.js';
import {
  deletePromotionRow,
  deleteRuleRow,
  getPromotionRow,
  getRuleRow,
  insertPromotion,
  insertRule,
  listPromotionRows,
  listRuleRows,
  type PromotionRow,
  type RuleRow,
  updatePromotionRow,
  updateRuleRow,
} from './repository/rules.js';
import { categoryExists, productExists } from './repository/variants.js';
import {
  type CreatePromotionInput,
  type CreateRuleInput,
  PARAMS_BY_KIND,
  type UpdatePromotionInput,
  type UpdateRuleInput,
} from './schemas.js';

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

async function assertCategory(trx: Trx, tenantId: string, id: string | null | undefined): Promise<void> {
  if (id == null) return;
  if (!(await categoryExists(trx, tenantId, id)))
    throw new AppError('validation_failed', 'Unknown category', {
      issues: [{ path: 'categoryId', message: 'No such category' }],
    });
}

async function assertProduct(trx: Trx, tenantId: string, id: string): Promise<void> {
  if (!(await productExists(trx, tenantId, id)))
    throw new AppError('validation_failed', 'Unknown product', {
      issues: [{ path: 'targetId', message: 'No such product' }],
    });
}

export async function listRules(trx: Trx, tenantId: string) {
  return (await listRuleRows(trx, tenantId)).map(ruleOut);
}

export async function createRule(trx: Trx, tenantId: string, input: CreateRuleInput) {
  const params = validateParams(input.kind, input.params);
  if (input.kind === 'demand') await assertFeature(trx, tenantId, 'dynamicPricing');
  if (input.kind === 'seasonal' && !input.startsAt)
    throw new AppError('validation_failed', 'A seasonal rule needs a start date', {
      issues: [{ path: 'startsAt', message: 'Required for seasonal rules' }],
    });
  checkRange(input.startsAt, input.endsAt);
  await assertCategory(trx, tenantId, input.categoryId);
  return ruleOut(await insertRule(trx, tenantId, input, params));
}

export async function updateRule(trx: Trx, tenantId: string, id: string, input: UpdateRuleInput) {
  const cur = await getRuleRow(trx, tenantId, id);
  if (cur.kind === 'demand') await assertFeature(trx, tenantId, 'dynamicPricing');
  const params = input.params ? validateParams(cur.kind, { ...cur.params, ...input.params }) : undefined;
  checkRange(
    input.startsAt === undefined ? cur.starts_at : input.startsAt,
    input.endsAt === undefined ? cur.ends_at : input.endsAt,
  );
  if (input.categoryId !== undefined) await assertCategory(trx, tenantId, input.categoryId);
  return ruleOut(await updateRuleRow(trx, tenantId, cur.id, { ...input, params }));
}

export async function deleteRule(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getRuleRow(trx, tenantId, id);
  await deleteRuleRow(trx, tenantId, cur.id);
}

export async function listPromotions(trx: Trx, tenantId: string) {
  return (await listPromotionRows(trx, tenantId)).map(promotionOut);
}

export async function createPromotion(trx: Trx, tenantId: string, input: CreatePromotionInput) {
  if (input.target === 'category') await assertCategory(trx, tenantId, input.targetId);
  if (input.target === 'product') await assertProduct(trx, tenantId, input.targetId!);
  return promotionOut(await insertPromotion(trx, tenantId, input));
}

export async function updatePromotion(trx: Trx, tenantId: string, id: string, input: UpdatePromotionInput) {
  const cur = await getPromotionRow(trx, tenantId, id);
  const value = input.value ?? cur.value;
  if (cur.kind === 'percentage' && value > 10_000)
    throw new AppError('validation_failed', 'A percentage is at most 10000 bp', {
      issues: [{ path: 'value', message: 'at most 10000' }],
    });
  checkRange(input.startsAt ?? cur.starts_at, input.endsAt === undefined ? cur.ends_at : input.endsAt);
  const { startsAt, endsAt, ...same } = input;
  const row = await updatePromotionRow(trx, tenantId, cur.id, {
    ...same,
    ...(startsAt !== undefined ? { starts_at: startsAt } : {}),
    ...(endsAt !== undefined ? { ends_at: endsAt } : {}),
  });
  return promotionOut(row);
}

export async function deletePromotion(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getPromotionRow(trx, tenantId, id);
  await deletePromotionRow(trx, tenantId, cur.id);
}
