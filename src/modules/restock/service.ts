/**
 * Restock planning: daily demand per variant (store time zone) → forecast
 * (./forecast.ts) → safety stock, reorder point and order quantity
 * (./plan.ts) → draft purchase orders grouped by the preferred supplier.
 * Purchase orders move draft → ordered → received (stock added through the
 * inventory ledger, reason 'purchase_order'), or → cancelled.
 * Nightly drafts are keyed by plan key (unique per supplier), so a re-run
 * creates nothing twice; receiving is a guarded state change, so stock is
 * added once.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { adjustStock, type StockActor } from '../inventory/service.js';
import { planVariants } from './forecast.js';
import {
  assertVariant,
  badTransition,
  getRestockSettings,
  getSupplierRow,
  loadDailyDemand,
  loadPlanningRows,
  loadPurchaseOrders,
  saveRestockSettings,
} from './repository.js';
import { loadImportedDemand } from './sales-history-repository.js';
import type { PlanItem, PurchaseOrder, RestockSettings, SupplierInput } from './schemas.js';

export { getRestockSettings };

const DAY = 86_400_000;

export async function updateRestockSettings(trx: Trx, tenantId: string, patch: Partial<RestockSettings>) {
  const next = { ...(await getRestockSettings(trx, tenantId)), ...patch };
  await saveRestockSettings(trx, tenantId, next);
  return next;
}

type SupplierRow = Awaited<ReturnType<typeof getSupplierRow>>;
const supplierOut = (r: SupplierRow) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  leadTimeDays: r.lead_time_days,
  moq: r.moq,
  packSize: r.pack_size,
});

export async function listSuppliers(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom('suppliers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(supplierOut);
}

export async function createSupplier(trx: Trx, tenantId: string, input: SupplierInput) {
  const row = await trx
    .insertInto('suppliers')
    .values({
      tenant_id: tenantId,
      name: input.name,
      email: input.email ?? null,
      lead_time_days: input.leadTimeDays ?? 7,
      moq: input.moq ?? 1,
      pack_size: input.packSize ?? 1,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return supplierOut(row);
}

export async function updateSupplier(trx: Trx, tenantId: string, id: string, input: Partial<SupplierInput>) {
  const cur = await getSupplierRow(trx, tenantId, id);
  const row = await trx
    .updateTable('suppliers')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.leadTimeDays !== undefined ? { lead_time_days: input.leadTimeDays } : {}),
      ...(input.moq !== undefined ? { moq: input.moq } : {}),
      ...(input.packSize !== undefined ? { pack_size: input.packSize } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cur.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return supplierOut(row);
}

export async function deleteSupplier(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getSupplierRow(trx, tenantId, id);
  const used = await trx
    .selectFrom('purchase_orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', cur.id)
    .executeTakeFirst();
  if (used) throw badTransition('referenced', 'deleted (it has purchase orders)');
  await trx.deleteFrom('suppliers').where('tenant_id', '=', tenantId).where('id', '=', cur.id).execute();
}

/** Links a variant to a supplier as its preferred source (other links become non-preferred). */
export async function linkVariantSupplier(
  trx: Trx,
  tenantId: string,
  variantId: string,
  input: { supplierId: string; unitCost: number },
) {
  await assertVariant(trx, tenantId, variantId);
  const s = await getSupplierRow(trx, tenantId, input.supplierId);
  await trx
    .updateTable('variant_suppliers')
    .set({ preferred: false })
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .execute();
  await trx
    .insertInto('variant_suppliers')
    .values({
      tenant_id: tenantId,
      variant_id: variantId,
      supplier_id: s.id,
      unit_cost: input.unitCost,
      preferred: true,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'variant_id', 'supplier_id'])
        .doUpdateSet({ unit_cost: input.unitCost, preferred: true }),
    )
    .execute();
  return { variantId, supplierId: s.id, unitCost: input.unitCost };
}

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
  const settings = await getRestockSettings(trx, tenantId);
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
    const po = await trx
      .insertInto('purchase_orders')
      .values({ tenant_id: tenantId, supplier_id: supplierId, plan_key: planKey, total, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'supplier_id', 'plan_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!po) continue;
    await trx
      .insertInto('purchase_order_lines')
      .values(
        lines.map((l) => ({
          tenant_id: tenantId,
          purchase_order_id: po.id,
          variant_id: l.variantId,
          quantity: l.orderQuantity,
          unit_cost: l.unitCost ?? 0,
        })),
      )
      .execute();
    created.push(po.id);
  }
  return {
    planned: plan.length,
    toOrder: plan.filter((p) => p.orderQuantity > 0).length,
    purchaseOrders: created,
  };
}

export async function listPurchaseOrders(trx: Trx, tenantId: string): Promise<PurchaseOrder[]> {
  return loadPurchaseOrders(trx, tenantId);
}

export async function getPurchaseOrder(trx: Trx, tenantId: string, id: string): Promise<PurchaseOrder> {
  if (!isUuid(id)) throw notFound('Purchase order');
  const [po] = await loadPurchaseOrders(trx, tenantId, { id });
  if (!po) throw notFound('Purchase order');
  return po;
}

const TRANSITIONS = {
  ordered: { from: ['draft'], at: 'ordered_at' },
  cancelled: { from: ['draft', 'ordered'], at: 'cancelled_at' },
  received: { from: ['ordered'], at: 'received_at' },
} as const;

/**
 * Moves a purchase order along its lifecycle. The UPDATE is guarded by the
 * allowed source states, so two concurrent "receive" calls add stock once.
 */
export async function transitionPurchaseOrder(
  trx: Trx,
  tenantId: string,
  id: string,
  to: keyof typeof TRANSITIONS,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const current = await getPurchaseOrder(trx, tenantId, id);
  const t = TRANSITIONS[to];
  const updated = await trx
    .updateTable('purchase_orders')
    .set({ status: to, [t.at]: new Date(), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', [...t.from])
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw badTransition(current.status, to);
  if (to === 'received') {
    for (const l of current.lines) {
      await receiveStock(trx, tenantId, {
        variantId: l.variantId,
        quantity: l.quantity,
        purchaseOrderId: id,
        actor,
      });
    }
  }
  return getPurchaseOrder(trx, tenantId, id);
}

/** Receiving goes through the inventory ledger (adjustStock: ledger row + stock.changed event). */
async function receiveStock(
  trx: Trx,
  tenantId: string,
  r: { variantId: string; quantity: number; purchaseOrderId: string; actor: StockActor },
): Promise<void> {
  await adjustStock(trx, tenantId, {
    variantId: r.variantId,
    delta: r.quantity,
    reason: 'purchase_order',
    actor: r.actor,
    reference: `purchase_order:${r.purchaseOrderId}`,
  });
}
