/**
 * Alerts data access: low-stock alerts (`stock_alerts`), plus the two reads
 * of other domains' tables alerts need — a variant's stock level (catalog's
 * `variants`) and the store owner's email (`memberships`/`users`) — kept here
 * until their owners export them.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface StockAlert {
  id: string;
  variantId: string;
  sku: string;
  available: number;
  threshold: number;
  status: 'open' | 'resolved';
  createdAt: string;
}

export async function findStoreOwnerEmail(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.tenant_id', '=', tenantId)
    .where('m.role', '=', 'owner')
    .orderBy('m.created_at')
    .executeTakeFirst();
  return row?.email;
}

export async function findVariantStock(trx: Trx, tenantId: string, variantId: string) {
  return trx
    .selectFrom('variants')
    .select(['id', 'sku', 'stock', 'reserved', 'low_stock_threshold'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .executeTakeFirst();
}

/** Variants at or below their threshold. */
export async function listLowVariantIds(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`stock - reserved <= low_stock_threshold`)
    .execute();
  return rows.map((r) => r.id);
}

export async function listOpenAlertVariantIds(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('stock_alerts')
    .select('variant_id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .execute();
  return rows.map((r) => r.variant_id);
}

/** Resolves the variant's open alert; true when there was one. */
export async function resolveOpenAlert(
  trx: Trx,
  tenantId: string,
  variantId: string,
  available: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('stock_alerts')
    .set({ status: 'resolved', resolved_at: new Date(), available })
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Opens the variant's alert; returns its id, or undefined when one is already
 * open (the partial unique index `stock_alerts_open_key` makes a second
 * concurrent opener wait for the first and then skip).
 */
export async function insertOpenAlert(
  trx: Trx,
  tenantId: string,
  a: { variantId: string; sku: string; available: number; threshold: number },
): Promise<string | undefined> {
  const opened = await trx
    .insertInto('stock_alerts')
    .values({
      tenant_id: tenantId,
      variant_id: a.variantId,
      sku: a.sku,
      available: a.available,
      threshold: a.threshold,
    })
    // The partial index's predicate as a literal: with a parameter, a prepared
    // statement's generic plan cannot match it to stock_alerts_open_key.
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'variant_id']).where('status', '=', sql.lit('open')).doNothing(),
    )
    .returning(['id'])
    .executeTakeFirst();
  return opened?.id;
}

export async function refreshOpenAlert(
  trx: Trx,
  tenantId: string,
  variantId: string,
  v: { available: number; threshold: number },
): Promise<void> {
  await trx
    .updateTable('stock_alerts')
    .set({ available: v.available, threshold: v.threshold })
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .where('status', '=', 'open')
    .execute();
}

export async function listAlertRows(
  trx: Trx,
  tenantId: string,
  opts: { status?: 'open' | 'resolved'; limit?: number } = {},
): Promise<StockAlert[]> {
  let q = trx
    .selectFrom('stock_alerts')
    .select(['id', 'variant_id', 'sku', 'available', 'threshold', 'status', 'created_at'])
    .where('tenant_id', '=', tenantId);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    variantId: r.variant_id,
    sku: r.sku,
    available: r.available,
    threshold: r.threshold,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}

/** The number of open alerts (for overviews such as the console's store page). */
export async function countOpenAlerts(trx: Trx, tenantId: string): Promise<number> {
  const r = await trx
    .selectFrom('stock_alerts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
