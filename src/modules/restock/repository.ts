/** Restock data access: settings, suppliers, links, demand history and purchase orders. */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { RestockSettings } from './schemas.js';

export const DEFAULT_RESTOCK: RestockSettings = { serviceLevelBp: 9500, coverDays: 30, historyDays: 365 };

export async function getRestockSettings(trx: Trx, tenantId: string): Promise<RestockSettings> {
  const r = await trx
    .selectFrom('restock_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return r
    ? { serviceLevelBp: r.service_level_bp, coverDays: r.cover_days, historyDays: r.history_days }
    : { ...DEFAULT_RESTOCK };
}

export async function saveRestockSettings(trx: Trx, tenantId: string, s: RestockSettings): Promise<void> {
  const v = {
    service_level_bp: s.serviceLevelBp,
    cover_days: s.coverDays,
    history_days: s.historyDays,
    updated_at: new Date(),
  };
  await trx
    .insertInto('restock_settings')
    .values({ tenant_id: tenantId, ...v })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(v))
    .execute();
}

export async function getSupplierRow(trx: Trx, tenantId: string, id: string) {
  const r = isUuid(id)
    ? await trx
        .selectFrom('suppliers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw notFound('Supplier');
  return r;
}

export async function assertVariant(trx: Trx, tenantId: string, id: string) {
  const r = isUuid(id)
    ? await trx
        .selectFrom('variants')
        .select(['id', 'sku'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw notFound('Variant');
  return r;
}

export interface PlanningRow {
  variantId: string;
  sku: string;
  available: number;
  createdAt: Date;
  onOrder: number;
  supplierId: string | null;
  unitCost: number | null;
  leadTimeDays: number | null;
  moq: number | null;
  packSize: number | null;
}

/** Every variant with its preferred supplier's terms and the quantity already on draft/ordered POs. */
export async function loadPlanningRows(trx: Trx, tenantId: string): Promise<PlanningRow[]> {
  const { rows } = await sql<{
    id: string;
    sku: string;
    available: number;
    created_at: Date;
    on_order: number;
    supplier_id: string | null;
    unit_cost: number | null;
    lead_time_days: number | null;
    moq: number | null;
    pack_size: number | null;
  }>`
    with on_order as (
      select l.variant_id, sum(l.quantity)::int as qty
        from purchase_order_lines l
        join purchase_orders po on po.tenant_id = l.tenant_id and po.id = l.purchase_order_id
       where l.tenant_id = ${tenantId} and po.status in ('draft', 'ordered')
       group by l.variant_id
    ), pref as (
      select distinct on (vs.variant_id) vs.variant_id, vs.supplier_id, vs.unit_cost, s.lead_time_days, s.moq, s.pack_size
        from variant_suppliers vs
        join suppliers s on s.tenant_id = vs.tenant_id and s.id = vs.supplier_id
       where vs.tenant_id = ${tenantId}
       order by vs.variant_id, vs.preferred desc, vs.unit_cost, vs.supplier_id
    )
    select v.id, v.sku, (v.stock - v.reserved) as available, v.created_at,
           coalesce(o.qty, 0) as on_order, p.supplier_id, p.unit_cost, p.lead_time_days, p.moq, p.pack_size
      from variants v
      left join on_order o on o.variant_id = v.id
      left join pref p on p.variant_id = v.id
     where v.tenant_id = ${tenantId}
     order by v.id`.execute(trx);
  return rows.map((r) => ({
    variantId: r.id,
    sku: r.sku,
    available: r.available,
    createdAt: r.created_at,
    onOrder: r.on_order,
    supplierId: r.supplier_id,
    unitCost: r.unit_cost,
    leadTimeDays: r.lead_time_days,
    moq: r.moq,
    packSize: r.pack_size,
  }));
}

/**
 * Units sold per variant per day (store time zone) over [from, to): paid,
 * fulfilled or completed orders. Returns variantId → (day index → units).
 */
export async function loadDailyDemand(
  trx: Trx,
  tenantId: string,
  from: Date,
  to: Date,
  timeZone: string,
): Promise<Map<string, Map<number, number>>> {
  const { rows } = await sql<{ variant_id: string; day: number; qty: number }>`
    select ol.variant_id,
           ((o.placed_at at time zone ${timeZone})::date - (${from}::timestamptz at time zone ${timeZone})::date) as day,
           sum(ol.quantity)::int as qty
      from order_lines ol
      join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
     where ol.tenant_id = ${tenantId}
       and o.status in ('paid', 'fulfilled', 'completed')
       and o.placed_at >= ${from} and o.placed_at < ${to}
       and ol.variant_id is not null
     group by 1, 2`.execute(trx);
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = out.get(r.variant_id);
    if (!m) {
      m = new Map();
      out.set(r.variant_id, m);
    }
    m.set(r.day, r.qty);
  }
  return out;
}

export async function loadPurchaseOrders(
  trx: Trx,
  tenantId: string,
  opts: { id?: string; limit?: number } = {},
) {
  let q = trx
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', (j) =>
      j.onRef('s.tenant_id', '=', 'po.tenant_id').onRef('s.id', '=', 'po.supplier_id'),
    )
    .select(['po.id', 'po.supplier_id', 's.name as supplier_name', 'po.status', 'po.total', 'po.created_at'])
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
    .select(['l.purchase_order_id', 'l.variant_id', 'v.sku', 'l.quantity', 'l.unit_cost'])
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
    status: o.status,
    total: o.total,
    createdAt: o.created_at.toISOString(),
    lines: lines
      .filter((l) => l.purchase_order_id === o.id)
      .map((l) => ({ variantId: l.variant_id, sku: l.sku, quantity: l.quantity, unitCost: l.unit_cost })),
  }));
}

export function badTransition(from: string, to: string): AppError {
  return new AppError('invalid_state', `A ${from} purchase order cannot become ${to}`);
}
