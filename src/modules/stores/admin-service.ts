/**
 * Store settings and content pages as the merchant edits them (admin API).
 * Each function is one unit of work in the store's own tenant transaction
 * and drops the presentation caches after commit (`forgetStoreChrome`, and
 * `forgetSite` when the name changed). SQL lives in ./repository.ts.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { TenantInfo } from '../../lib/http/context.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import { hasAnyOrder } from '../orders/repository.js';
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

const SETTING_NAMES: Record<string, string> = {
  name: 'name',
  timezone: 'time zone',
  tagline: 'tagline',
  contactEmail: 'contact e-mail',
  logoUrl: 'logo',
  currency: 'currency',
  theme: 'theme colours',
  navigation: 'navigation',
  seo: 'search engine texts',
  home: 'home page',
};

async function readSettingsView(trx: Parameters<typeof repo.findSettingsWithTenant>[0], tenantId: string) {
  const row = await repo.findSettingsWithTenant(trx, tenantId);
  if (!row) throw notFound('Store');
  const view: StoreSettingsView = {
    name: row.name,
    handle: row.handle,
    currency: row.currency,
    timezone: row.timezone,
    contactEmail: row.contact_email ?? null,
    logoUrl: row.logo_url ?? null,
    currencyChangeable: !(await hasAnyOrder(trx, tenantId)),
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

/**
 * Partial update; theme colours and fonts merge key by key, lists replace.
 * The currency changes only while the store has no order (else 409). With
 * an `actor`, the change is written to the store's audit log.
 */
export async function updateStoreSettings(
  db: Db,
  tenant: TenantInfo,
  input: UpdateStoreSettingsInput,
  actor?: StoreActor,
): Promise<StoreSettingsView> {
  const view = await withTenant(db, tenant.id, async (trx) => {
    const current = await readSettingsView(trx, tenant.id);
    const currency =
      input.currency !== undefined && input.currency !== current.currency ? input.currency : undefined;
    if (currency && !current.currencyChangeable) {
      throw new AppError('invalid_state', 'The currency cannot change once the store has taken an order', {
        issues: [{ path: 'currency', message: 'Fixed since your first order' }],
      });
    }
    if (input.name !== undefined || input.timezone !== undefined || currency) {
      await updateStoreIdentity(trx, tenant.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        ...(currency ? { currency } : {}),
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
      contact_email: input.contactEmail !== undefined ? input.contactEmail : current.contactEmail,
      logo_url: input.logoUrl !== undefined ? input.logoUrl : current.logoUrl,
      updated_at: new Date(),
    });
    if (actor) {
      const what = Object.keys(input).map((k) => SETTING_NAMES[k] ?? k);
      await auditStoreAction(trx, tenant.id, actor, 'settings.updated', {
        summary: `Changed the store's ${what.join(', ') || 'settings'}`,
        targetType: 'store',
        data: { fields: Object.keys(input) },
      });
    }
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

async function pageAudit(trx: Trx, tenantId: string, actor: StoreActor | undefined, summary: string) {
  if (actor)
    await auditStoreAction(trx, tenantId, actor, 'settings.updated', { summary, targetType: 'page' });
}

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
  actor?: StoreActor,
): Promise<StorePageView> {
  const row = await withTenant(db, tenantId, async (trx) => {
    const r = await repo.insertStorePageUnlessTaken(trx, tenantId, {
      slug: input.slug,
      title: input.title,
      body: input.body,
      published: input.published ?? true,
      position: input.position ?? 0,
      updated_at: new Date(),
    });
    if (r) await pageAudit(trx, tenantId, actor, `Created the page "${r.title}"`);
    return r;
  });
  if (!row) throw slugTaken(input.slug);
  forgetStoreChrome(tenantId);
  return toPage(row);
}

export async function updateStorePage(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateStorePageInput,
  actor?: StoreActor,
): Promise<StorePageView> {
  try {
    const row = await withTenant(db, tenantId, async (trx) => {
      const r = await repo.updateStorePageRow(trx, tenantId, id, input);
      if (r) await pageAudit(trx, tenantId, actor, `Edited the page "${r.title}"`);
      return r;
    });
    if (!row) throw notFound('Page');
    forgetStoreChrome(tenantId);
    return toPage(row);
  } catch (err) {
    if (isSlugTaken(err)) throw slugTaken(input.slug);
    throw err;
  }
}

export async function deleteStorePage(
  db: Db,
  tenantId: string,
  id: string,
  actor?: StoreActor,
): Promise<void> {
  const deleted = await withTenant(db, tenantId, async (trx) => {
    const ok = await repo.deleteStorePageRow(trx, tenantId, id);
    if (ok) await pageAudit(trx, tenantId, actor, 'Deleted a content page');
    return ok;
  });
  if (!deleted) throw notFound('Page');
  forgetStoreChrome(tenantId);
}
