/**
 * Restock's statements over other domains' tables: the planning rows (every
 * variant's available stock with its preferred supplier's terms and the
 * quantity on open purchase orders), daily demand from paid orders, and the
 * variant existence check. These are the only restock statements that read
 * catalog or orders tables; each moves to its owner's repository (as an
 * exported fragment) once the owner offers one.
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../../lib/db/index.js';

export async function variantExists(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await trx
    .selectFrom('variants')
    .select(['id', 'sku'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r !== undefined;
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

interface PlanningDbRow {
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
}

/** Every variant with its preferred supplier's terms and the quantity already on draft/ordered POs. */
export async function loadPlanningRows(trx: Trx, tenantId: string): Promise<PlanningRow[]> {
  const { rows } = await sql<PlanningDbRow>`
    with on_order as (
      select l.variant_id, sum(l.quantity)::int as qty
        from purchase_order_lines l
        join purchase_orders po on po.tenant_id = l.tenant_id and po.id = l.purchase_order_id
       where l.tenant_id = ${tenantId} and po.status in ('draft', 'ordered')
       group by l.variant_id
    ), pref as (
      select distinct on (vs.variant_id) vs.variant_id, vs.supplier_id, vs.unit_cost,
             coalesce(vs.lead_time_days, s.lead_time_days) as lead_time_days,
             coalesce(vs.moq, s.moq) as moq, coalesce(vs.pack_size, s.pack_size) as pack_size
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

/** A variant's id by its SKU (the supplier page links variants by SKU). */
export async function findVariantIdBySku(
  trx: Trx,
  tenantId: string,
  sku: string,
): Promise<string | undefined> {
  const r = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('sku', '=', sku)
    .executeTakeFirst();
  return r?.id;
}
