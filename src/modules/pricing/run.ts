/**
 * Pricing recalculation runs: the store's rules and promotions feed the pure engine
 * (./engine.ts) over every variant. A run records price history (one row per
 * variant per run key, only where something changes) and, in 'apply' mode,
 * writes the new price to the variant; in 'propose' mode the merchant applies
 * proposals later. The whole run is ONE transaction with its run key in
 * job_runs: a job re-run after a crash either finds the key (nothing applied
 * twice) or finds nothing (the crashed attempt rolled back).
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import { computePrice, type PriceResult } from './engine.js';
import { writeListPrices, writeVariantPrices } from './price-writes.js';
import {
  getSettings,
  listPromotionRows,
  listRuleRows,
  loadVariantFacts,
  toEnginePromotions,
  toEngineRules,
} from './repository.js';
import type { PricingSettings } from './schemas.js';

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
