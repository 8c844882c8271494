/**
 * Restock data access: purchase orders (`purchase_orders`) and their lines
 * (`purchase_order_lines`). Lines show the variant's SKU (a catalog column,
 * joined for display only).
 */
import type { Trx } from '../../../lib/db/index.js';
import type { PurchaseOrderStatus } from '../../../lib/db/tables/workers.js';
import type { PurchaseOrder } from '../schemas.js';

export async function loadPurchaseOrders(
  trx: Trx,
  tenantId: string,
  opts: { id?: string; limit?: number } = {},
): Promise<PurchaseOrder[]> {
  let q = trx
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', (j) =>
      j.onRef('s.tenant_id', '=', 'po.tenant_id').onRef('s.id', '=', 'po.supplier_id'),
    )
    .select([
      'po.id',
      'po.supplier_id',
      's.name as supplier_name',
      's.email as supplier_email',
      'po.status',
      'po.total',
      'po.note',
      'po.sent_to',
      'po.created_at',
    ])
    .where('po.tenant_id', '=', tenantId);
  if (opts.id) q = q.where('po.id', '=', opts.id);
  const orders = await q
    .orderBy('po.created_at', 'desc')
    .orderBy('po.id')
    .limit(opts.limit ?? 100)
    .execute();
  if (orders.length === 0) return [];
  const lines = await trx
    .selectFrom('purchase_order_lines as l')
    .innerJoin('variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'l.tenant_id').onRef('v.id', '=', 'l.variant_id'),
    )
    .select([
      'l.purchase_order_id',
      'l.variant_id',
      'v.sku',
      'l.quantity',
      'l.unit_cost',
      'l.received_quantity',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where(
      'l.purchase_order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('v.sku')
    .execute();
  return orders.map((o) => ({
    id: o.id,
    supplierId: o.supplier_id,
    supplierName: o.supplier_name,
    supplierEmail: o.supplier_email,
    status: o.status,
    total: o.total,
    note: o.note,
    sentTo: o.sent_to,
    createdAt: o.created_at.toISOString(),
    lines: lines
      .filter((l) => l.purchase_order_id === o.id)
      .map((l) => ({
        variantId: l.variant_id,
        sku: l.sku,
        quantity: l.quantity,
        unitCost: l.unit_cost,
        receivedQuantity: l.received_quantity,
      })),
  }));
}

export interface DraftLine {
  variantId: string;
  quantity: number;
  unitCost: number;
}

/**
 * A draft purchase order with its lines, keyed by (supplier, plan key):
 * returns its id, or undefined when that plan already drafted for the supplier.
 */
export async function insertDraftPurchaseOrder(
  trx: Trx,
  tenantId: string,
  draft: { supplierId: string; planKey: string; total: number; now: Date; lines: DraftLine[] },
): Promise<string | undefined> {
  const po = await trx
    .insertInto('purchase_orders')
    .values({
      tenant_id: tenantId,
      supplier_id: draft.supplierId,
      plan_key: draft.planKey,
      total: draft.total,
      updated_at: draft.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'supplier_id', 'plan_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!po) return undefined;
  await trx
    .insertInto('purchase_order_lines')
    .values(
      draft.lines.map((l) => ({
        tenant_id: tenantId,
        purchase_order_id: po.id,
        variant_id: l.variantId,
        quantity: l.quantity,
        unit_cost: l.unitCost,
      })),
    )
    .execute();
  return po.id;
}

/**
 * Moves a purchase order to `to` only from one of `from` (a guarded UPDATE,
 * so two concurrent calls move it once); false when it was in another state.
 */
export async function moveStatus(
  trx: Trx,
  tenantId: string,
  id: string,
  t: {
    to: PurchaseOrderStatus;
    from: readonly PurchaseOrderStatus[];
    at: 'ordered_at' | 'cancelled_at' | 'received_at';
  },
): Promise<boolean> {
  const updated = await trx
    .updateTable('purchase_orders')
    .set({ status: t.to, [t.at]: new Date(), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', [...t.from])
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/**
 * Books `quantity` more units of one line as received, never past what was
 * ordered (a guarded UPDATE: two concurrent receipts cannot both overshoot).
 * False when the line is missing or the quantity would overshoot.
 */
export async function addReceivedQuantity(
  trx: Trx,
  tenantId: string,
  poId: string,
  variantId: string,
  quantity: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('purchase_order_lines')
    .set((eb) => ({ received_quantity: eb('received_quantity', '+', quantity) }))
    .where('tenant_id', '=', tenantId)
    .where('purchase_order_id', '=', poId)
    .where('variant_id', '=', variantId)
    .where((eb) => eb(eb('received_quantity', '+', quantity), '<=', eb.ref('quantity')))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Replaces a draft's lines and total (and note); only while it is a draft. */
export async function replaceDraftLines(
  trx: Trx,
  tenantId: string,
  poId: string,
  draft: { lines: DraftLine[]; note: string | null },
): Promise<boolean> {
  const total = draft.lines.reduce((s, l) => s + l.quantity * l.unitCost, 0);
  const po = await trx
    .updateTable('purchase_orders')
    .set({ total, note: draft.note, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', poId)
    .where('status', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
  if (!po) return false;
  await trx
    .deleteFrom('purchase_order_lines')
    .where('tenant_id', '=', tenantId)
    .where('purchase_order_id', '=', poId)
    .execute();
  await trx
    .insertInto('purchase_order_lines')
    .values(
      draft.lines.map((l) => ({
        tenant_id: tenantId,
        purchase_order_id: poId,
        variant_id: l.variantId,
        quantity: l.quantity,
        unit_cost: l.unitCost,
      })),
    )
    .execute();
  return true;
}

export async function setSentTo(trx: Trx, tenantId: string, poId: string, email: string): Promise<void> {
  await trx
    .updateTable('purchase_orders')
    .set({ sent_to: email })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', poId)
    .execute();
}
