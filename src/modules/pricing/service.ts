/**
 * Pricing's transaction owners: every surface (admin API, admin pages, the
 * `pricing` queue) calls these with validated input; each opens ONE tenant
 * transaction and runs the in-transaction functions of ./rules.ts,
 * ./proposals.ts, ./run.ts, ./settings.ts and ./history.ts inside it.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
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

export const getPricingSettings = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => getSettings(trx, tenantId));

export const updatePricingSettings = (db: Db, tenantId: string, patch: Partial<PricingSettings>) =>
  withTenant(db, tenantId, (trx) => updateSettings(trx, tenantId, patch));

export const previewStorePrices = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, (trx) => previewPrices(trx, tenantId, now));

export const applyOpenProposals = (db: Db, tenantId: string, variantIds?: string[]) =>
  withTenant(db, tenantId, (trx) => applyProposals(trx, tenantId, variantIds));

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

export const createPriceRule = (db: Db, tenantId: string, input: CreateRuleInput) =>
  withTenant(db, tenantId, (trx) => createRule(trx, tenantId, input));

export const updatePriceRule = (db: Db, tenantId: string, id: string, input: UpdateRuleInput) =>
  withTenant(db, tenantId, (trx) => updateRule(trx, tenantId, id, input));

export const deletePriceRule = (db: Db, tenantId: string, id: string) =>
  withTenant(db, tenantId, (trx) => deleteRule(trx, tenantId, id));

export const listStorePromotions = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listPromotions(trx, tenantId));

export const createStorePromotion = (db: Db, tenantId: string, input: CreatePromotionInput) =>
  withTenant(db, tenantId, (trx) => createPromotion(trx, tenantId, input));

export const updateStorePromotion = (db: Db, tenantId: string, id: string, input: UpdatePromotionInput) =>
  withTenant(db, tenantId, (trx) => updatePromotion(trx, tenantId, id, input));

export const deleteStorePromotion = (db: Db, tenantId: string, id: string) =>
  withTenant(db, tenantId, (trx) => deletePromotion(trx, tenantId, id));
