/**
 * Alerts data access: low-stock alerts (`stock_alerts`), plus the reads of
 * catalog tables alerts need — a variant's stock level and its product's
 * name, image and status (`variants`, `products`) — kept here until their
 * owner exports them. Archived products never raise an alert.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface StockAlert {
  id: string;
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  imageUrl: string | null;
  sku: string;
  available: number;
  threshold: number;
  status: 'open' | 'resolved';
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
  createdAt: string;
}

export { findOwnerEmail as findStoreOwnerEmail } from '../tenancy/repository.js';

export async function findVariantStock(trx: Trx, tenantId: string, variantId: string) {
  return trx
    .selectFrom('variants as v')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select(['v.id', 'v.sku', 'v.stock', 'v.reserved', 'v.low_stock_threshold', 'p.status as product_status'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.id', '=', variantId)
    .executeTakeFirst();
}

/** Variants at or below their threshold (archived products excluded). */
export async function listLowVariantIds(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('variants as v')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select('v.id')
    .where('v.tenant_id', '=', tenantId)
    .where('p.status', '!=', 'archived')
    .where(sql<boolean>`v.stock - v.reserved <= v.low_stock_threshold`)
    .execute();
  return rows.map((r) => r.id);
}

/** The variants of one product (a product event re-evaluates them all). */
export async function listProductVariantIds(
  trx: Trx,
  tenantId: string,
  productId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
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

export interface AlertListOptions {
  status?: 'open' | 'resolved';
  limit?: number;
  /** Leave out acknowledged and still-snoozed alerts (what mail and digests show). */
  actionableAt?: Date;
}

export async function listAlertRows(
  trx: Trx,
  tenantId: string,
  opts: AlertListOptions = {},
): Promise<StockAlert[]> {
  let q = trx
    .selectFrom('stock_alerts as a')
    .innerJoin('variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'a.tenant_id').onRef('v.id', '=', 'a.variant_id'),
    )
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select([
      'a.id',
      'a.variant_id',
      'v.product_id',
      'p.title as product_title',
      'v.title as variant_title',
      'p.card_image_url',
      'a.sku',
      'a.available',
      'a.threshold',
      'a.status',
      'a.acknowledged_at',
      'a.snoozed_until',
      'a.created_at',
    ])
    .where('a.tenant_id', '=', tenantId);
  if (opts.status) q = q.where('a.status', '=', opts.status);
  if (opts.actionableAt) {
    const at = opts.actionableAt;
    q = q
      .where('a.acknowledged_at', 'is', null)
      .where((eb) => eb.or([eb('a.snoozed_until', 'is', null), eb('a.snoozed_until', '<=', at)]));
  }
  // Open alerts first, the emptiest shelf first (a store's template stock opens many at the same
  // instant, so the opening time alone orders them arbitrarily); then the resolved ones, newest first.
  q = q
    .orderBy(sql`a.status <> 'open'`)
    .orderBy(sql`case when a.status = 'open' then a.available end`)
    .orderBy(sql`case when a.status = 'open' then p.title end`)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id');
  const rows = await q.limit(opts.limit ?? 100).execute();
  return rows.map((r) => ({
    id: r.id,
    variantId: r.variant_id,
    productId: r.product_id,
    productTitle: r.product_title,
    variantTitle: r.variant_title,
    imageUrl: r.card_image_url,
    sku: r.sku,
    available: r.available,
    threshold: r.threshold,
    status: r.status,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    snoozedUntil: r.snoozed_until?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Marks open alerts not yet mailed as mailed; returns their ids (the batched alert mail). */
export async function claimUnnotifiedAlerts(trx: Trx, tenantId: string, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('stock_alerts')
    .set({ notified_at: now })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('notified_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Acknowledges or snoozes one open alert; false when it is not open here. */
export async function setAlertAttention(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: { acknowledged_at?: Date | null; snoozed_until?: Date | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('stock_alerts')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
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
