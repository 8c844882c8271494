/**
 * Store settings and content pages as the merchant edits them (admin API).
 * Every function takes the caller's tenant transaction first; the caller
 * drops the presentation caches after commit (`forgetStoreChrome`,
 * `forgetSite` when the name changed).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type {
  CreateStorePageInput,
  StorePageView,
  StoreSettingsView,
  UpdateStorePageInput,
  UpdateStoreSettingsInput,
} from './schemas.js';

export async function getStoreSettingsView(trx: Trx, tenantId: string): Promise<StoreSettingsView> {
  const row = await trx
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
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('Store');
  return {
    name: row.name,
    handle: row.handle,
    currency: row.currency,
    timezone: row.timezone,
    template: row.template ?? 'blank',
    tagline: row.tagline ?? null,
    theme: {
      colors: row.theme?.colors ?? {},
      fonts: { ...(row.theme?.fonts ?? {}) } as Record<string, string>,
    },
    navigation: row.navigation ?? [],
    seo: row.seo ?? {},
    home: row.home ?? {},
  };
}

/** Partial update; theme colours and fonts merge key by key, lists replace. */
export async function updateStoreSettings(
  trx: Trx,
  tenantId: string,
  input: UpdateStoreSettingsInput,
): Promise<StoreSettingsView> {
  const current = await getStoreSettingsView(trx, tenantId);
  if (input.name !== undefined || input.timezone !== undefined) {
    await trx
      .updateTable('tenants')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', tenantId)
      .execute();
  }
  const theme = {
    colors: { ...current.theme.colors, ...(input.theme?.colors ?? {}) },
    fonts: { ...current.theme.fonts, ...(input.theme?.fonts ?? {}) },
  };
  const values = {
    tagline: input.tagline !== undefined ? input.tagline : current.tagline,
    theme: JSON.stringify(theme),
    navigation: JSON.stringify(input.navigation ?? current.navigation),
    seo: JSON.stringify(input.seo ?? current.seo),
    home: JSON.stringify(input.home ? { ...current.home, ...input.home } : current.home),
    updated_at: new Date(),
  };
  await trx
    .insertInto('store_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
  return getStoreSettingsView(trx, tenantId);
}

type PageRow = {
  id: string;
  slug: string;
  title: string;
  body: string;
  published: boolean;
  position: number;
  updated_at: Date;
};

const PAGE_COLUMNS = ['id', 'slug', 'title', 'body', 'published', 'position', 'updated_at'] as const;

function toPage(r: PageRow): StorePageView {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    body: r.body,
    published: r.published,
    position: r.position,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function isSlugTaken(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === 'store_pages_tenant_id_slug_key';
}

export async function listStorePages(trx: Trx, tenantId: string): Promise<StorePageView[]> {
  const rows = await trx
    .selectFrom('store_pages')
    .select(PAGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('slug')
    .execute();
  return rows.map(toPage);
}

export async function getStorePage(trx: Trx, tenantId: string, id: string): Promise<StorePageView> {
  const row = await trx
    .selectFrom('store_pages')
    .select(PAGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Page');
  return toPage(row);
}

export async function createStorePage(
  trx: Trx,
  tenantId: string,
  input: CreateStorePageInput,
): Promise<StorePageView> {
  const row = await trx
    .insertInto('store_pages')
    .values({
      tenant_id: tenantId,
      slug: input.slug,
      title: input.title,
      body: input.body,
      published: input.published ?? true,
      position: input.position ?? 0,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
    .returning(PAGE_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', `A page already uses the address /pages/${input.slug}`);
  return toPage(row);
}

export async function updateStorePage(
  trx: Trx,
  tenantId: string,
  id: string,
  input: UpdateStorePageInput,
): Promise<StorePageView> {
  try {
    const row = await trx
      .updateTable('store_pages')
      .set({ ...input, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning(PAGE_COLUMNS)
      .executeTakeFirst();
    if (!row) throw notFound('Page');
    return toPage(row);
  } catch (err) {
    if (isSlugTaken(err))
      throw new AppError('conflict', `A page already uses the address /pages/${input.slug}`);
    throw err;
  }
}

export async function deleteStorePage(trx: Trx, tenantId: string, id: string): Promise<void> {
  const res = await trx
    .deleteFrom('store_pages')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('Page');
}
