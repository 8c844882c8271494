/**
 * Pricing's transaction owners: every surface (admin API, admin pages, the
 * `pricing` queue) calls these with validated input; each opens ONE tenant
 * transaction and runs the in-transaction functions of ./rules.ts,
 * ./proposals.ts, ./run.ts, ./settings.ts and ./history.ts inside it.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';
import { recordAudit } from '../audit/service.js';
import { priceHistory, variantPriceChart } from './history.js';
import { applyProposals, previewPrices } from './proposals.js';
import {
  createPromotion,
  createRule,
  deletePromotion,
  deleteRule,
  listPromotions,
  listRules,
  updatePromotion,
  updateRule,
} from './rules.js';
import { type RunSummary, runPricing } from './run.js';
import type {
  CreatePromotionInput,
  CreateRuleInput,
  PricingSettings,
  UpdatePromotionInput,
  UpdateRuleInput,
} from './schemas.js';
import { getSettings, updateSettings } from './settings.js';

export interface PricingActor {
  type: ActorType;
  id?: string | null;
}

/** Runs a change and its audit entry in one tenant transaction (every price, rule and promotion change is audited). */
function audited<T>(
  db: Db,
  tenantId: string,
  actor: PricingActor | undefined,
  what: {
    action: string;
    targetType: string;
    targetId?: (r: T) => string | undefined;
    data?: (r: T) => object;
  },
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  return withTenant(db, tenantId, async (trx) => {
    const r = await fn(trx);
    await recordAudit(trx, tenantId, {
      actorType: actor?.type ?? 'system',
      actorId: actor?.id ?? null,
      action: what.action,
      targetType: what.targetType,
      targetId: what.targetId?.(r),
      data: { ...(what.data?.(r) ?? {}) },
    });
    return r;
  });
}

const idOf = (r: { id: string }) => r.id;

export const getPricingSettings = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => getSettings(trx, tenantId));

export const updatePricingSettings = (
  db: Db,
  tenantId: string,
  patch: Partial<PricingSettings>,
  actor?: PricingActor,
) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'pricing.settings_updated', targetType: 'pricing_settings', data: () => patch },
    (trx) => updateSettings(trx, tenantId, patch),
  );

export const previewStorePrices = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, (trx) => previewPrices(trx, tenantId, now));

export const applyOpenProposals = (db: Db, tenantId: string, variantIds?: string[], actor?: PricingActor) =>
  audited<number>(
    db,
    tenantId,
    actor,
    {
      action: 'pricing.proposals_applied',
      targetType: 'variant_prices',
      data: (n) => ({ applied: n, variantIds: variantIds ?? 'all' }),
    },
    (trx) => applyProposals(trx, tenantId, variantIds),
  );

export const listVariantPriceHistory = (db: Db, tenantId: string, variantId: string) =>
  withTenant(db, tenantId, (trx) => priceHistory(trx, tenantId, variantId));

/** One variant's applied price changes (oldest first) and open proposals, for the admin's chart. */
export const getVariantPriceChart = (db: Db, tenantId: string, variantId: string) =>
  withTenant(db, tenantId, (trx) => variantPriceChart(trx, tenantId, variantId));

/** The `pricing` queue's recalculation: the whole run in one transaction (see ./run.ts). */
export const runPricingJob = (db: Db, tenantId: string, runKey: string, now: Date): Promise<RunSummary> =>
  withTenant(db, tenantId, (trx) => runPricing(trx, tenantId, runKey, now));

/** Everything the admin pricing page shows, read in one transaction. */
export const getPricingOverview = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, async (trx) => ({
    settings: await getSettings(trx, tenantId),
    rules: await listRules(trx, tenantId),
    promos: await listPromotions(trx, tenantId),
    preview: await previewPrices(trx, tenantId, now),
  }));

export const listPriceRules = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listRules(trx, tenantId));

/**
 * Create / update / delete for one audited kind of pricing record (rules and
 * promotions share the shape: the action prefix names the audit entries).
 */
function auditedCrud<C extends object, U extends object, R extends { id: string }>(
  targetType: string,
  ops: {
    create: (trx: Trx, tenantId: string, input: C) => Promise<R>;
    update: (trx: Trx, tenantId: string, id: string, input: U) => Promise<R>;
    remove: (trx: Trx, tenantId: string, id: string) => Promise<void>;
  },
) {
  const what = (verb: string, input?: object) => ({
    action: `${targetType}.${verb}`,
    targetType,
    targetId: idOf,
    data: () => input ?? {},
  });
  return {
    create: (db: Db, tenantId: string, input: C, actor?: PricingActor) =>
      audited(db, tenantId, actor, what('created', input), (trx) => ops.create(trx, tenantId, input)),
    update: (db: Db, tenantId: string, id: string, input: U, actor?: PricingActor) =>
      audited(db, tenantId, actor, what('updated', input), (trx) => ops.update(trx, tenantId, id, input)),
    remove: (db: Db, tenantId: string, id: string, actor?: PricingActor) =>
      audited<void>(db, tenantId, actor, { ...what('deleted'), targetId: () => id }, (trx) =>
        ops.remove(trx, tenantId, id),
      ),
  };
}

const ruleCrud = auditedCrud<CreateRuleInput, UpdateRuleInput, Awaited<ReturnType<typeof createRule>>>(
  'price_rule',
  { create: createRule, update: updateRule, remove: deleteRule },
);
const promotionCrud = auditedCrud<
  CreatePromotionInput,
  UpdatePromotionInput,
  Awaited<ReturnType<typeof createPromotion>>
>('promotion', { create: createPromotion, update: updatePromotion, remove: deletePromotion });

export const createPriceRule = ruleCrud.create;
export const updatePriceRule = ruleCrud.update;
export const deletePriceRule = ruleCrud.remove;

export const listStorePromotions = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listPromotions(trx, tenantId));

export const createStorePromotion = promotionCrud.create;
export const updateStorePromotion = promotionCrud.update;
export const deleteStorePromotion = promotionCrud.remove;
