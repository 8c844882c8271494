/**
 * Pricing recalculation runs: the store's rules and promotions feed the pure engine
 * (./engine.ts) over every variant. A run records price history (one row per
 * variant per run key, only where something changes) and, in 'apply' mode,
 * writes the new price to the variant; in 'propose' mode the merchant applies
 * proposals later. The whole run is ONE transaction with its run key in
 * job_runs: a job re-run after a crash either finds the key (nothing applied
 * twice) or finds nothing (the crashed attempt rolled back).
 */
import type { Trx } from '../../lib/db/index.js';
import { setVariantPrices } from '../catalog/prices.js';
import { hasFeature } from '../entitlements/service.js';
import { computePrice, type PriceResult } from './engine.js';
import { listPromotionRows, listRuleRows, toEnginePromotions, toEngineRules } from './repository/rules.js';
import {
  claimRun,
  findRunResult,
  insertHistory,
  saveRunResult,
  supersedeProposals,
  writeListPrices,
} from './repository/runs.js';
import { findSettings } from './repository/settings.js';
import { loadVariantFacts } from './repository/variants.js';
import type { PricingSettings } from './schemas.js';

const CHUNK = 1000;

export type StorePriceResult = PriceResult & { sku: string; storedListPrice: number | null };

/** Computes every variant's price now, without writing anything. */
export async function computeStorePrices(
  trx: Trx,
  tenantId: string,
  now: Date,
): Promise<{ settings: PricingSettings; results: StorePriceResult[] }> {
  const settings = await findSettings(trx, tenantId);
  // A plan without dynamic pricing keeps its demand rules (downgrade) but they stop applying.
  const dynamic = await hasFeature(trx, tenantId, 'dynamicPricing');
  const rules = toEngineRules(
    (await listRuleRows(trx, tenantId)).filter((r) => dynamic || r.kind !== 'demand'),
  );
  const promos = toEnginePromotions(await listPromotionRows(trx, tenantId));
  const facts = await loadVariantFacts(trx, tenantId, now, settings.velocityWindowDays);
  const results = facts.map((f) => ({
    ...computePrice(f, rules, promos, settings, now),
    sku: f.sku,
    storedListPrice: f.listPrice,
  }));
  return { settings, results };
}

export interface RunSummary {
  runKey: string;
  variants: number;
  changed: number;
  mode: 'apply' | 'propose';
  alreadyRan: boolean;
}

/** History rows for every changed price, chunked. */
async function recordHistory(
  trx: Trx,
  tenantId: string,
  runKey: string,
  status: 'applied' | 'proposed',
  changed: readonly StorePriceResult[],
): Promise<void> {
  for (let i = 0; i < changed.length; i += CHUNK) {
    await insertHistory(trx, tenantId, runKey, status, changed.slice(i, i + CHUNK));
  }
}

/**
 * Applied runs move the engine's state (list prices) for every variant; a
 * proposal leaves it untouched, so the next run proposes from the same point.
 * Only list prices that moved (or were never stored) and prices that changed are written.
 */
async function applyResults(
  trx: Trx,
  tenantId: string,
  results: readonly StorePriceResult[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < results.length; i += CHUNK) {
    const part = results.slice(i, i + CHUNK);
    await writeListPrices(
      trx,
      tenantId,
      part.filter((r) => r.storedListPrice !== r.listPrice),
      now,
    );
    await setVariantPrices(
      trx,
      tenantId,
      part.filter((r) => r.newPrice !== r.oldPrice).map((r) => ({ id: r.variantId, price: r.newPrice })),
    );
  }
}

/**
 * One recalculation run. Must be called in ONE transaction (see
 * ./service.ts runPricingJob): the run key row, history, list prices and
 * variant prices commit together or not at all.
 */
export async function runPricing(trx: Trx, tenantId: string, runKey: string, now: Date): Promise<RunSummary> {
  if (!(await claimRun(trx, tenantId, runKey))) {
    const prev = (await findRunResult(trx, tenantId, runKey)) as RunSummary;
    return { ...prev, alreadyRan: true };
  }
  const { settings, results } = await computeStorePrices(trx, tenantId, now);
  const changed = results.filter((r) => r.newPrice !== r.oldPrice);
  const status = settings.mode === 'apply' ? 'applied' : 'proposed';
  // Every open proposal is superseded by this run's view of the store.
  await supersedeProposals(trx, tenantId);
  await recordHistory(trx, tenantId, runKey, status, changed);
  if (status === 'applied') await applyResults(trx, tenantId, results, now);
  const summary: RunSummary = {
    runKey,
    variants: results.length,
    changed: changed.length,
    mode: settings.mode,
    alreadyRan: false,
  };
  await saveRunResult(trx, tenantId, runKey, summary);
  return summary;
}
