/**
 * Restock planning: daily demand per variant (store time zone) → forecast
 * (./forecast.ts) → safety stock, reorder point and order quantity
 * (./plan.ts) → draft purchase orders grouped by the preferred supplier.
 * Nightly drafts are keyed by plan key (unique per supplier), so a re-run
 * creates nothing twice. Runs in the caller's tenant transaction (see
 * ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { forecastDemand } from './forecast.js';
import { planRestock } from './plan.js';
import { loadDailyDemand, loadPlanningRows, type PlanningRow } from './repository/planning.js';
import { insertDraftPurchaseOrder } from './repository/purchase-orders.js';
import { findRestockSettings } from './repository/settings.js';
import type { PlanItem, RestockSettings } from './schemas.js';

const DAY = 86_400_000;

/** The start of the store-local day containing `now`, as an instant (approximated at UTC midnight when tz is UTC). */
function dayStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY) * DAY);
}

/** One variant's plan from its daily sales (day index → units since `from`). */
function planVariant(
  r: PlanningRow,
  sales: Map<number, number> | undefined,
  from: Date,
  settings: RestockSettings,
): PlanItem {
  // History starts when the variant existed: days before it are not zero demand.
  const firstDay = Math.max(0, Math.floor((dayStart(r.createdAt).getTime() - from.getTime()) / DAY));
  const series: number[] = [];
  for (let d = firstDay; d < settings.historyDays; d++) series.push(sales?.get(d) ?? 0);
  const lead = r.leadTimeDays ?? 7;
  const f = forecastDemand(series, lead + settings.coverDays);
  const plan = planRestock({
    forecast: f.values,
    sigma: f.sigma,
    available: r.available,
    onOrder: r.onOrder,
    serviceLevelBp: settings.serviceLevelBp,
    coverDays: settings.coverDays,
    terms: { leadTimeDays: lead, moq: r.moq ?? 1, packSize: r.packSize ?? 1 },
  });
  return {
    variantId: r.variantId,
    sku: r.sku,
    available: r.available,
    onOrder: r.onOrder,
    method: f.method,
    meanDaily: Math.round(plan.meanDaily * 100) / 100,
    sigma: Math.round(f.sigma * 100) / 100,
    safetyStock: plan.safetyStock,
    reorderPoint: plan.reorderPoint,
    orderQuantity: plan.orderQuantity,
    supplierId: r.supplierId,
    unitCost: r.unitCost,
  };
}

/** The restock plan for every variant (no writes). */
export async function computePlan(
  trx: Trx,
  tenantId: string,
  now: Date,
  timeZone = 'UTC',
): Promise<PlanItem[]> {
  const settings = await findRestockSettings(trx, tenantId);
  const rows = await loadPlanningRows(trx, tenantId);
  const to = dayStart(now);
  const from = new Date(to.getTime() - settings.historyDays * DAY);
  const demand = await loadDailyDemand(trx, tenantId, from, to, timeZone);
  return rows.map((r) => planVariant(r, demand.get(r.variantId), from, settings));
}

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
