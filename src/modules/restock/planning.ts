/**
 * Restock planning: daily demand per variant (store time zone) → forecast
 * (./forecast.ts) → safety stock, reorder point and order quantity
 * (./plan.ts) → draft purchase orders grouped by the preferred supplier.
 * Nightly drafts are keyed by plan key (unique per supplier), so a re-run
 * creates nothing twice. Runs in the caller's tenant transaction (see
 * ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { planVariants } from './forecast.js';
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
  const imported = await loadImportedDemand(trx, tenantId, isoDay(from), isoDay(to));
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
