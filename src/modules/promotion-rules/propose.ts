/**
 * The proposal run (the pricing worker calls it on its schedule and after a
 * restock plan): ends offers past their end or under the low-stock threshold,
 * supersedes the open proposals, asks every active rule what it proposes
 * (./engine.ts, pure) and stores the proposals; a rule switched to
 * auto-apply turns its proposals into live promotions at once. ONE
 * transaction per run; the run key makes a re-run insert nothing twice.
 */
import type { Db, Trx } from '../../lib/db/index.js';
import { withTenant } from '../../lib/db/index.js';
import { forecastDailyDemand } from '../restock/planning.js';
import { lowStockThresholdOf, type PromoFacts, proposeForRule } from './engine.js';
import { startOffers } from './offers.js';
import { availableByVariant, loadBundlePairs, loadFactsRows } from './repository/facts.js';
import { endOfferRows, expireOfferRows, listOfferRows, offerCounts } from './repository/offers.js';
import { insertProposals, supersedeOpenProposals } from './repository/proposals.js';
import { listRuleRows } from './repository/rules.js';
import { readPolicy, toRule } from './service.js';

/** The velocity window the proposer reads sales over (the fallback when the restock forecast has none). */
export const WINDOW_DAYS = 28;

export interface ProposalRunSummary {
  runKey: string;
  proposed: number;
  autoApplied: number;
  ended: number;
  ms: number;
}

/** Ends every live offer on a variant whose available stock fell under the threshold. */
export async function endLowStockOffers(trx: Trx, tenantId: string, threshold: number, now: Date) {
  if (threshold <= 0) return 0;
  const live = (await listOfferRows(trx, tenantId, 'active', 100_000)).filter((o) => o.ends_at > now);
  const stock = await availableByVariant(trx, tenantId, [...new Set(live.map((o) => o.variant_id))]);
  const low = live.filter((o) => (stock.get(o.variant_id) ?? 0) < threshold).map((o) => o.id);
  return endOfferRows(trx, tenantId, low, `Ended by low-stock protection: fewer than ${threshold} available`);
}

export async function runProposals(trx: Trx, tenantId: string, runKey: string, now: Date) {
  const started = Date.now();
  const rules = (await listRuleRows(trx, tenantId)).map(toRule);
  const policy = await readPolicy(trx, tenantId);
  let ended = await expireOfferRows(trx, tenantId, now);
  const threshold = lowStockThresholdOf(rules, now);
  ended += await endLowStockOffers(trx, tenantId, threshold, now);
  await supersedeOpenProposals(trx, tenantId, now);
  const proposing = rules.filter((r) => r.kind !== 'low_stock' && r.active);
  if (proposing.length === 0) return { runKey, proposed: 0, autoApplied: 0, ended, ms: Date.now() - started };
  // Days of cover and expected units come from the restock planner's forecast (issue #16), once per run.
  const [rows, pairs, counts, forecast] = await Promise.all([
    loadFactsRows(trx, tenantId, now, WINDOW_DAYS),
    proposing.some((r) => r.kind === 'bundle') ? loadBundlePairs(trx, tenantId) : Promise.resolve([]),
    offerCounts(trx, tenantId),
    forecastDailyDemand(trx, tenantId, now, WINDOW_DAYS),
  ]);
  let proposed = 0;
  let autoApplied = 0;
  for (const rule of proposing) {
    const facts: PromoFacts[] = rows.map((r) => {
      const c = counts.get(`${rule.id}:${r.id}`);
      return {
        variantId: r.id,
        productId: r.product_id,
        sku: r.sku,
        cost: r.cost,
        price: r.price,
        listPrice: r.list_price ?? r.price,
        available: Number(r.available),
        unitsSold: Number(r.sold),
        windowDays: WINDOW_DAYS,
        forecastPerDay: forecast.get(r.id)?.perDay ?? null,
        lastSaleAt: r.last_sale_at,
        productCreatedAt: r.product_created_at,
        priorSteps: c?.n ?? 0,
        liveFromRule: c?.live ?? false,
      };
    });
    const proposals = proposeForRule(rule, facts, pairs, policy, now, threshold);
    const status = rule.autoApply ? 'approved' : 'open';
    const stored = await insertProposals(trx, tenantId, runKey, proposals, now, status);
    proposed += stored.length;
    if (rule.autoApply) {
      await startOffers(trx, tenantId, stored, rule, now);
      autoApplied += stored.length;
    }
  }
  return { runKey, proposed, autoApplied, ended, ms: Date.now() - started } satisfies ProposalRunSummary;
}

/** The pricing queue's proposal job: the whole run in one transaction. */
export const runProposalsJob = (db: Db, tenantId: string, runKey: string, now: Date) =>
  withTenant(db, tenantId, (trx) => runProposals(trx, tenantId, runKey, now));
