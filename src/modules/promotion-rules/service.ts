/**
 * Promotion rules per store (issue #19): create / update / delete rules and
 * the store's promotion settings (elasticity, margin floor, max stacking).
 * Every function opens ONE tenant transaction; writes are audited in it.
 * Money is integer minor units; percentages are basis points.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import type { PromoPolicy, PromoRule } from './engine-types.js';
import * as repo from './repository/rules.js';
import {
  type CreatePromotionRuleInput,
  PARAMS_BY_KIND,
  type PromotionRuleOut,
  type PromotionSettings,
  type RuleKind,
  type UpdatePromotionRuleInput,
} from './schemas.js';

export const KIND_LABELS: Record<RuleKind, string> = {
  clearance: 'Overstock clearance',
  slow_mover: 'Slow movers',
  low_stock: 'Low-stock protection',
  bundle: 'Bundle (bought together)',
  launch: 'Launch',
};

const SYSTEM: StoreActor = { type: 'system', id: null };

export function toRule(r: repo.RuleRow): PromoRule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    params: r.params,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    durationDays: r.duration_days,
    budgetCap: r.budget_cap,
    budgetPeriodDays: r.budget_period_days,
    budgetPeriod: r.budget_period,
    priority: r.priority,
    stackable: r.stackable,
    autoApply: r.auto_apply,
    active: r.active,
  };
}

export function toRuleOut(r: repo.RuleRow): PromotionRuleOut {
  const x = toRule(r);
  return { ...x, startsAt: x.startsAt?.toISOString() ?? null, endsAt: x.endsAt?.toISOString() ?? null };
}

/** The kind's params, validated (400 with the params' paths otherwise). */
function checkParams(kind: RuleKind, params: Record<string, number>): Record<string, number> {
  const parsed = PARAMS_BY_KIND[kind].safeParse(params);
  if (parsed.success) return parsed.data as Record<string, number>;
  const issues = parsed.error.issues.map((i) => ({
    path: ['params', ...i.path].join('.'),
    message: i.message,
  }));
  throw new AppError('validation_failed', 'Invalid rule settings', { issues });
}

function checkWindow(startsAt: Date | null, endsAt: Date | null) {
  if (startsAt && endsAt && endsAt <= startsAt) {
    throw new AppError('validation_failed', 'The end must be after the start', {
      issues: [{ path: 'endsAt', message: 'The end must be after the start' }],
    });
  }
}

const date = (s: string | null | undefined) => (s == null ? null : new Date(s));

export function readPolicy(trx: Trx, tenantId: string): Promise<PromoPolicy> {
  return repo.findSettingsRow(trx, tenantId).then((s) => ({
    elasticityBp: s?.elasticity_bp ?? 15000,
    marginFloorBp: s?.margin_floor_bp ?? 1000,
    maxStack: s?.max_stack ?? 2,
  }));
}

export const getPromotionSettings = (db: Db, tenantId: string): Promise<PromotionSettings> =>
  withTenant(db, tenantId, (trx) => readPolicy(trx, tenantId));

export const updatePromotionSettings = (
  db: Db,
  tenantId: string,
  patch: Partial<PromotionSettings>,
  now: Date,
  actor: StoreActor = SYSTEM,
): Promise<PromotionSettings> =>
  withTenant(db, tenantId, async (trx) => {
    const next = { ...(await readPolicy(trx, tenantId)), ...patch };
    await repo.upsertSettingsRow(trx, {
      tenant_id: tenantId,
      elasticity_bp: next.elasticityBp,
      margin_floor_bp: next.marginFloorBp,
      max_stack: next.maxStack,
      updated_at: now,
    });
    await auditStoreAction(trx, tenantId, actor, 'promotion_settings.updated', {
      summary: `Promotion settings: elasticity ${next.elasticityBp / 10000}, margin floor ${next.marginFloorBp / 100}%, up to ${next.maxStack} stacked`,
    });
    return next;
  });

export const listPromotionRules = (db: Db, tenantId: string): Promise<PromotionRuleOut[]> =>
  withTenant(db, tenantId, async (trx) => (await repo.listRuleRows(trx, tenantId)).map(toRuleOut));

export const getPromotionRule = (db: Db, tenantId: string, id: string): Promise<PromotionRuleOut> =>
  withTenant(db, tenantId, async (trx) => {
    const row = await repo.findRuleRow(trx, tenantId, id);
    if (!row) throw notFound('Promotion rule');
    return toRuleOut(row);
  });

export const createPromotionRule = (
  db: Db,
  tenantId: string,
  input: CreatePromotionRuleInput,
  now: Date,
  actor: StoreActor = SYSTEM,
): Promise<PromotionRuleOut> =>
  withTenant(db, tenantId, async (trx) => {
    const params = checkParams(input.kind, input.params);
    const startsAt = date(input.startsAt);
    const endsAt = date(input.endsAt);
    checkWindow(startsAt, endsAt);
    const row = await repo.insertRuleRow(trx, {
      tenant_id: tenantId,
      name: input.name,
      kind: input.kind,
      params: JSON.stringify(params),
      starts_at: startsAt,
      ends_at: endsAt,
      duration_days: input.durationDays ?? 14,
      budget_cap: input.budgetCap ?? null,
      budget_period_days: input.budgetPeriodDays ?? 30,
      budget_period: input.budgetPeriod ?? 'days',
      priority: input.priority ?? 0,
      stackable: input.stackable ?? false,
      auto_apply: input.autoApply ?? false,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    });
    await auditStoreAction(trx, tenantId, actor, 'promotion_rule.created', {
      summary: `Created the ${KIND_LABELS[input.kind].toLowerCase()} promotion rule “${input.name}”`,
      targetType: 'promotion_rule',
      targetId: row.id,
    });
    return toRuleOut(row);
  });

export const updatePromotionRule = (
  db: Db,
  tenantId: string,
  id: string,
  input: UpdatePromotionRuleInput,
  now: Date,
  actor: StoreActor = SYSTEM,
): Promise<PromotionRuleOut> =>
  withTenant(db, tenantId, async (trx) => {
    const current = await repo.findRuleRow(trx, tenantId, id);
    if (!current) throw notFound('Promotion rule');
    const params = input.params ? checkParams(current.kind, input.params) : undefined;
    const startsAt = input.startsAt === undefined ? current.starts_at : date(input.startsAt);
    const endsAt = input.endsAt === undefined ? current.ends_at : date(input.endsAt);
    checkWindow(startsAt, endsAt);
    const row = await repo.updateRuleRow(trx, tenantId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(params ? { params: JSON.stringify(params) } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      ...(input.durationDays !== undefined ? { duration_days: input.durationDays } : {}),
      ...(input.budgetCap !== undefined ? { budget_cap: input.budgetCap } : {}),
      ...(input.budgetPeriodDays !== undefined ? { budget_period_days: input.budgetPeriodDays } : {}),
      ...(input.budgetPeriod !== undefined ? { budget_period: input.budgetPeriod } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.stackable !== undefined ? { stackable: input.stackable } : {}),
      ...(input.autoApply !== undefined ? { auto_apply: input.autoApply } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: now,
    });
    if (!row) throw notFound('Promotion rule');
    await auditStoreAction(trx, tenantId, actor, 'promotion_rule.updated', {
      summary: `Updated the promotion rule “${row.name}”`,
      targetType: 'promotion_rule',
      targetId: row.id,
    });
    return toRuleOut(row);
  });

export const deletePromotionRule = (db: Db, tenantId: string, id: string, actor: StoreActor = SYSTEM) =>
  withTenant(db, tenantId, async (trx) => {
    const current = await repo.findRuleRow(trx, tenantId, id);
    if (!current || !(await repo.deleteRuleRow(trx, tenantId, id))) throw notFound('Promotion rule');
    await auditStoreAction(trx, tenantId, actor, 'promotion_rule.deleted', {
      summary: `Deleted the promotion rule “${current.name}” and its promotions`,
      targetType: 'promotion_rule',
      targetId: id,
    });
  });
