/**
 * Kysely code for a store's own presentation: settings (theme, navigation,
 * home), content pages, and the small catalog reads the storefront home
 * needs. Every function takes the caller's tenant transaction first and
 * filters by tenant_id explicitly (RLS enforces it again).
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export async function findStoreSettings(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('store_settings')
    .select(['template', 'tagline', 'theme', 'navigation', 'seo', 'home', 'contact_email'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function listPublishedPageLinks(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('store_pages')
    .select(['slug', 'title'])
    .where('tenant_id', '=', tenantId)
    .where('published', '=', true)
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

export async function findPublishedPage(trx: Trx, tenantId: string, slug: string) {
  return trx
    .selectFrom('store_pages')
    .select(['slug', 'title', 'body', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .where('published', '=', true)
    .executeTakeFirst();
}

export interface HomeProductRow {
  id: string;
  handle: string;
  title: string;
  min_price: number;
  max_price: number;
  in_stock: boolean;
  compare_at_price: number | null;
  image_url: string | null;
  image_alt: string | null;
}

/** Active products for the home page: the named handles (in that order) or the newest. */
export async function listHomeProducts(
  trx: Trx,
  tenantId: string,
  opts: { handles?: string[]; limit: number },
): Promise<HomeProductRow[]> {
  let q = trx
    .selectFrom('products as p')
    .select([
      'p.id',
      'p.handle',
      'p.title',
      'p.min_price',
      'p.max_price',
      'p.in_stock',
      sql<number | null>`(select min(v.compare_at_price) from variants v
        where v.tenant_id = p.tenant_id and v.product_id = p.id and v.price = p.min_price)`.as(
        'compare_at_price',
      ),
      sql<string | null>`(select i.url from product_images i
        where i.tenant_id = p.tenant_id and i.product_id = p.id order by i.position limit 1)`.as('image_url'),
      sql<string | null>`(select i.alt from product_images i
        where i.tenant_id = p.tenant_id and i.product_id = p.id order by i.position limit 1)`.as('image_alt'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.status', '=', 'active');
  if (opts.handles) {
    if (opts.handles.length === 0) return [];
    q = q.where('p.handle', 'in', opts.handles);
  } else {
    q = q.orderBy('p.created_at', 'desc').orderBy('p.id');
  }
  const rows = (await q.limit(opts.limit).execute()) as HomeProductRow[];
  if (!opts.handles) return rows;
  const order = new Map(opts.handles.map((h, i) => [h.toLowerCase(), i]));
  return rows.sort((a, b) => (order.get(a.handle) ?? 0) - (order.get(b.handle) ?? 0));
}

/** Top-level categories with their number of active products. */
export async function listHomeCategories(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('categories as c')
    .select([
      'c.handle',
      'c.name',
      'c.description',
      sql<number>`(select count(*)::int from products p
        where p.tenant_id = c.tenant_id and p.category_id = c.id and p.status = 'active')`.as(
        'product_count',
      ),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.parent_id', 'is', null)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
}

// ── Settings and pages as the merchant edits them (admin) and provisioning writes them ──

/** The store's settings joined to its own tenant row (name, handle, currency, time zone). */
export async function findSettingsWithTenant(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('tenants as t')
    .leftJoin('store_settings as s', 's.tenant_id', 't.id')
    .select([
      't.name',
      't.handle',
      't.currency',
      't.timezone',
      's.template',
      's.tagline',
      's.theme',
      's.navigation',
      's.seo',
      's.home',
      's.contact_email',
      's.logo_url',
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
}

/** Settings values as stored: JSON columns already serialised. */
export interface StoreSettingsValues {
  template?: string;
  tagline: string | null;
  theme: string;
  navigation: string;
  seo: string;
  home: string;
  contact_email?: string | null;
  logo_url?: string | null;
  updated_at: Date;
}

/** Inserts the store's settings row (provisioning). */
export async function insertStoreSettings(trx: Trx, tenantId: string, values: StoreSettingsValues) {
  await trx
    .insertInto('store_settings')
    .values({ tenant_id: tenantId, ...values })
    .execute();
}

/** Inserts or replaces the store's settings row (admin edits). */
export async function upsertStoreSettings(trx: Trx, tenantId: string, values: StoreSettingsValues) {
  await trx
    .insertInto('store_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export const PAGE_COLUMNS = ['id', 'slug', 'title', 'body', 'published', 'position', 'updated_at'] as const;

export interface NewStorePage {
  slug: string;
  title: string;
  body: string;
  published: boolean;
  position: number;
  updated_at: Date;
}

export async function listStorePageRows(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('store_pages')
    .select(PAGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

export async function findStorePageRow(trx: Trx, tenantId: string, id: string) {
  return trx
    .selectFrom('store_pages')
    .select(PAGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inserts several pages at once (provisioning). */
export async function insertStorePages(trx: Trx, tenantId: string, pages: NewStorePage[]): Promise<void> {
  if (pages.length === 0) return;
  await trx
    .insertInto('store_pages')
    .values(pages.map((p) => ({ tenant_id: tenantId, ...p })))
    .execute();
}

/** Inserts a page unless its slug is taken (then undefined). */
export async function insertStorePageUnlessTaken(trx: Trx, tenantId: string, page: NewStorePage) {
  return trx
    .insertInto('store_pages')
    .values({ tenant_id: tenantId, ...page })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
    .returning(PAGE_COLUMNS)
    .executeTakeFirst();
}

export async function updateStorePageRow(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<NewStorePage, 'updated_at'>>,
) {
  return trx
    .updateTable('store_pages')
    .set({ ...patch, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(PAGE_COLUMNS)
    .executeTakeFirst();
}

/** Deletes a page; false when there was none. */
export async function deleteStorePageRow(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const res = await trx
    .deleteFrom('store_pages')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
