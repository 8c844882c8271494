/**
 * Store settings and content pages as the merchant edits them (admin API).
 * Each function is one unit of work in the store's own tenant transaction
 * and drops the presentation caches after commit (`forgetStoreChrome`, and
 * `forgetSite` when the name changed). SQL lives in ./repository.ts.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { TenantInfo } from '../../lib/http/context.js';
import { updateStoreIdentity } from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import * as repo from './repository.js';
import type {
  CreateStorePageInput,
  StorePageView,
  StoreSettingsView,
  UpdateStorePageInput,
  UpdateStoreSettingsInput,
} from './schemas.js';
import { forgetStoreChrome } from './service.js';

async function readSettingsView(trx: Parameters<typeof repo.findSettingsWithTenant>[0], tenantId: string) {
  const row = await repo.findSettingsWithTenant(trx, tenantId);
  if (!row) throw notFound('Store');
  const view: StoreSettingsView = {
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
  return view;
}

export async function getStoreSettingsView(db: Db, tenantId: string): Promise<StoreSettingsView> {
  return withTenant(db, tenantId, (trx) => readSettingsView(trx, tenantId));
}

/** Partial update; theme colours and fonts merge key by key, lists replace. */
export async function updateStoreSettings(
  db: Db,
  tenant: TenantInfo,
  input: UpdateStoreSettingsInput,
): Promise<StoreSettingsView> {
  const view = await withTenant(db, tenant.id, async (trx) => {
    const current = await readSettingsView(trx, tenant.id);
    if (input.name !== undefined || input.timezone !== undefined) {
      await updateStoreIdentity(trx, tenant.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      });
    }
    const theme = {
      colors: { ...current.theme.colors, ...(input.theme?.colors ?? {}) },
      fonts: { ...current.theme.fonts, ...(input.theme?.fonts ?? {}) },
    };
    await repo.upsertStoreSettings(trx, tenant.id, {
      tagline: input.tagline !== undefined ? input.tagline : current.tagline,
      theme: JSON.stringify(theme),
      navigation: JSON.stringify(input.navigation ?? current.navigation),
      seo: JSON.stringify(input.seo ?? current.seo),
      home: JSON.stringify(input.home ? { ...current.home, ...input.home } : current.home),
      updated_at: new Date(),
    });
    return readSettingsView(trx, tenant.id);
  });
  forgetStoreChrome(tenant.id);
  forgetSite(tenant.handle);
  return view;
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

const slugTaken = (slug: string | undefined) =>
  new AppError('conflict', `A page already uses the address /pages/${slug}`);

export async function listStorePages(db: Db, tenantId: string): Promise<StorePageView[]> {
  const rows = await withTenant(db, tenantId, (trx) => repo.listStorePageRows(trx, tenantId));
  return rows.map(toPage);
}

export async function getStorePage(db: Db, tenantId: string, id: string): Promise<StorePageView> {
  const row = await withTenant(db, tenantId, (trx) => repo.findStorePageRow(trx, tenantId, id));
  if (!row) throw notFound('Page');
  return toPage(row);
}

export async function createStorePage(
  db: Db,
  tenantId: string,
  input: CreateStorePageInput,
): Promise<StorePageView> {
  const row = await withTenant(db, tenantId, (trx) =>
    repo.insertStorePageUnlessTaken(trx, tenantId, {
      slug: input.slug,
      title: input.title,
      body: input.body,
      published: input.published ?? true,
      position: input.position ?? 0,
      updated_at: new Date(),
    }),
  );
  if (!row) throw slugTaken(input.slug);
  forgetStoreChrome(tenantId);
  return toPage(row);
}

export async function updateStorePage(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateStorePageInput,
): Promise<StorePageView> {
  try {
    const row = await withTenant(db, tenantId, (trx) => repo.updateStorePageRow(trx, tenantId, id, input));
    if (!row) throw notFound('Page');
    forgetStoreChrome(tenantId);
    return toPage(row);
  } catch (err) {
    if (isSlugTaken(err)) throw slugTaken(input.slug);
    throw err;
  }
}

export async function deleteStorePage(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await withTenant(db, tenantId, (trx) => repo.deleteStorePageRow(trx, tenantId, id));
  if (!deleted) throw notFound('Page');
  forgetStoreChrome(tenantId);
}
