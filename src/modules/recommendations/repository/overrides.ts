/** Merchant pins and exclusions per product. */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { touchSettings } from './serve-version.js';

export interface OverrideRow {
  targetId: string;
  action: 'pin' | 'exclude';
  position: number;
}

/**
 * Replaces a product's overrides; targets that are not products of this store are ignored. Touches the
 * store's settings row, so the serving caches of every process drop the store's lists (a new version).
 */
export async function replaceOverrides(
  trx: Trx,
  tenantId: string,
  productId: string,
  rows: OverrideRow[],
): Promise<void> {
  await sql`delete from recommendation_overrides where tenant_id = ${tenantId} and product_id = ${productId}`.execute(
    trx,
  );
  await touchSettings(trx, tenantId);
  if (rows.length === 0) return;
  await sql`
    insert into recommendation_overrides (tenant_id, product_id, target_id, action, position)
    select ${tenantId}, ${productId}, o.target_id, o.action, o.position
    from unnest(${rows.map((r) => r.targetId)}::uuid[], ${rows.map((r) => r.action)}::text[],
      ${rows.map((r) => r.position)}::smallint[]) as o(target_id, action, position)
    join products p on p.tenant_id = ${tenantId} and p.id = o.target_id
    where o.target_id <> ${productId}
    on conflict do nothing`.execute(trx);
}

export async function readOverrides(trx: Trx, tenantId: string, productId: string): Promise<OverrideRow[]> {
  const { rows } = await sql<{ target_id: string; action: 'pin' | 'exclude'; position: number }>`
    select target_id, action, position from recommendation_overrides
    where tenant_id = ${tenantId} and product_id = ${productId} order by action, position`.execute(trx);
  return rows.map((r) => ({ targetId: r.target_id, action: r.action, position: r.position }));
}

/** The product's id when it is a product of this store. */
export async function findProductId(
  trx: Trx,
  tenantId: string,
  idOrHandle: string,
): Promise<string | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrHandle);
  const { rows } = await sql<{ id: string }>`
    select id from products where tenant_id = ${tenantId}
      and ${isUuid ? sql`id = ${idOrHandle}::uuid` : sql`handle = ${idOrHandle}`}`.execute(trx);
  return rows[0]?.id;
}

export interface ProductPick {
  id: string;
  title: string;
  handle: string;
  status: string;
}

/** Products of this store whose title or handle contains `q` (all when empty), by title: the admin picker. */
export async function searchProducts(
  trx: Trx,
  tenantId: string,
  q: string,
  limit: number,
): Promise<ProductPick[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const { rows } = await sql<ProductPick>`
    select id, title, handle, status from products
    where tenant_id = ${tenantId} and (${q} = '' or title ilike ${like} or handle ilike ${like})
    order by lower(title), id limit ${limit}`.execute(trx);
  return rows;
}

/** One product of this store for the admin page (any status). */
export async function readProductPick(
  trx: Trx,
  tenantId: string,
  id: string,
): Promise<ProductPick | undefined> {
  const { rows } = await sql<ProductPick>`
    select id, title, handle, status from products where tenant_id = ${tenantId} and id = ${id}::uuid`.execute(
    trx,
  );
  return rows[0];
}

/** A product's overrides with the target products' titles, pins in order. */
export async function readOverrideDetails(
  trx: Trx,
  tenantId: string,
  productId: string,
): Promise<(OverrideRow & { title: string; handle: string })[]> {
  const { rows } = await sql<{
    target_id: string;
    action: 'pin' | 'exclude';
    position: number;
    title: string;
    handle: string;
  }>`
    select o.target_id, o.action, o.position, p.title, p.handle from recommendation_overrides o
    join products p on p.tenant_id = o.tenant_id and p.id = o.target_id
    where o.tenant_id = ${tenantId} and o.product_id = ${productId} order by o.action, o.position, p.title`.execute(
    trx,
  );
  return rows.map((r) => ({
    targetId: r.target_id,
    action: r.action,
    position: r.position,
    title: r.title,
    handle: r.handle,
  }));
}
