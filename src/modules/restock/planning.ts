/**
 * Restock planning: daily demand per variant (store time zone) → forecast
 * (./forecast.ts) → safety stock, reorder point and order quantity
 * (./plan.ts) → draft purchase orders grouped by the preferred supplier.
 * Nightly drafts are keyed by plan key (unique per supplier), so a re-run
 * creates nothing twice. Runs in the caller's tenant transaction (see
 * ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { forecastForPlanning, planVariants } from './forecast.js';
import { loadDailyDemand, loadPlanningRows } from './repository/planning.js';
import { insertDraftPurchaseOrder } from './repository/purchase-orders.js';
import { loadImportedDemand } from './repository/sales-history.js';
import { findRestockSettings } from './repository/settings.js';
import type { PlanItem } from './schemas.js';

const DAY = 86_400_000;

/** The start of the store-local day containing `now`, as an instant (approximated at UTC midnight when tz is UTC). */
function dayStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY) * DAY);
}

/** Everything the forecaster reads for a store: variants, settings and daily demand (orders + imports). */
async function loadPlanningInputs(trx: Trx, tenantId: string, now: Date, timeZone: string) {
  const settings = await findRestockSettings(trx, tenantId);
  const rows = await loadPlanningRows(trx, tenantId);
  const to = dayStart(now);
  const from = new Date(to.getTime() - settings.historyDays * DAY);
  const demand = await loadDailyDemand(trx, tenantId, from, to, timeZone);
  const imported = await loadImportedDemand(trx, tenantId, isoDay(from), isoDay(to));
  return { settings, rows, to, demand, imported };
}

/** The restock plan for every variant (no writes). */
export async function computePlan(
  trx: Trx,
  tenantId: string,
  now: Date,
  timeZone = 'UTC',
): Promise<PlanItem[]> {
  const { settings, rows, to, demand, imported } = await loadPlanningInputs(trx, tenantId, now, timeZone);
  return planVariants(rows, demand, imported, settings, to);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Plans and writes one draft purchase order per supplier for everything to
 * order. `planKey` makes it idempotent: the same key never drafts twice.
 * Variants without a supplier are planned but cannot be drafted.
 */
export async function draftPurchaseOrders(
  trx: Trx,
  tenantId: string,
  planKey: string,
  now: Date,
  timeZone = 'UTC',
): Promise<{ planned: number; toOrder: number; purchaseOrders: string[] }> {
  const plan = await computePlan(trx, tenantId, now, timeZone);
  const bySupplier = new Map<string, PlanItem[]>();
  for (const it of plan) {
    if (it.orderQuantity <= 0 || !it.supplierId) continue;
    const list = bySupplier.get(it.supplierId) ?? [];
    list.push(it);
    bySupplier.set(it.supplierId, list);
  }
  const created: string[] = [];
  for (const [supplierId, lines] of bySupplier) {
    const total = lines.reduce((s, l) => s + l.orderQuantity * (l.unitCost ?? 0), 0);
    const id = await insertDraftPurchaseOrder(trx, tenantId, {
      supplierId,
      planKey,
      total,
      now,
      lines: lines.map((l) => ({
        variantId: l.variantId,
        quantity: l.orderQuantity,
        unitCost: l.unitCost ?? 0,
      })),
    });
    if (id) created.push(id);
  }
  return {
    planned: plan.length,
    toOrder: plan.filter((p) => p.orderQuantity > 0).length,
    purchaseOrders: created,
  };
}

/** A variant's forecast demand as the restock planner sees it (for other domains, e.g. promotion rules). */
export interface DemandForecast {
  /** Mean forecast units per day over the next `days` days. */
  perDay: number;
  method: string;
}

/**
 * The planner's forecast of mean daily demand over the next `days` days, per
 * variant — only for variants the planner can plan (status ok or stopped);
 * short history and no demand are left out, so callers know no forecast exists.
 */
export async function forecastDailyDemand(
  trx: Trx,
  tenantId: string,
  now: Date,
  days = 28,
  timeZone = 'UTC',
): Promise<Map<string, DemandForecast>> {
  const { settings, rows, to, demand, imported } = await loadPlanningInputs(trx, tenantId, now, timeZone);
  const forecasts = forecastForPlanning(rows, demand, imported, settings, to);
  const out = new Map<string, DemandForecast>();
  rows.forEach((r, i) => {
    const fc = forecasts[i];
    if (!fc || (fc.status !== 'ok' && fc.status !== 'stopped')) return;
    const n = Math.min(days, fc.meanValues.length);
    let s = 0;
    for (let d = 0; d < n; d++) s += fc.meanValues[d]!;
    out.set(r.variantId, { perDay: n > 0 ? s / n : 0, method: fc.method });
  });
  return out;
}
