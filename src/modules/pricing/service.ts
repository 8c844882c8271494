/**
 * Pricing's transaction owners: every surface (admin API, admin pages, the
 * `pricing` queue) calls these with validated input; each opens ONE tenant
 * transaction and runs the in-transaction functions of ./rules.ts,
 * ./proposals.ts, ./run.ts, ./settings.ts and ./history.ts inside it.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';
import { recordAudit } from '../audit/service.js';
import { priceHistory } from './history.js';
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

export const createPriceRule = (db: Db, tenantId: string, input: CreateRuleInput, actor?: PricingActor) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'price_rule.created', targetType: 'price_rule', targetId: idOf, data: () => input },
    (trx) => createRule(trx, tenantId, input),
  );

export const updatePriceRule = (
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateRuleInput,
  actor?: PricingActor,
) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'price_rule.updated', targetType: 'price_rule', targetId: idOf, data: () => input },
    (trx) => updateRule(trx, tenantId, id, input),
  );

export const deletePriceRule = (db: Db, tenantId: string, id: string, actor?: PricingActor) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'price_rule.deleted', targetType: 'price_rule', targetId: () => id },
    (trx) => deleteRule(trx, tenantId, id),
  );

export const listStorePromotions = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listPromotions(trx, tenantId));

export const createStorePromotion = (
  db: Db,
  tenantId: string,
  input: CreatePromotionInput,
  actor?: PricingActor,
) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'promotion.created', targetType: 'promotion', targetId: idOf, data: () => input },
    (trx) => createPromotion(trx, tenantId, input),
  );

export const updateStorePromotion = (
  db: Db,
  tenantId: string,
  id: string,
  input: UpdatePromotionInput,
  actor?: PricingActor,
) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'promotion.updated', targetType: 'promotion', targetId: idOf, data: () => input },
    (trx) => updatePromotion(trx, tenantId, id, input),
  );

export const deleteStorePromotion = (db: Db, tenantId: string, id: string, actor?: PricingActor) =>
  audited(
    db,
    tenantId,
    actor,
    { action: 'promotion.deleted', targetType: 'promotion', targetId: () => id },
    (trx) => deletePromotion(trx, tenantId, id),
  );
