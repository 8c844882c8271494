/**
 * Store presentation: what the storefront layout and pages need about a
 * store — its chrome (name, theme, navigation, footer pages), the home page
 * content and its content pages. Reads go through `withTenant` for the
 * store the Host names.
 *
 * `loadStoreChrome` is what every storefront page calls to render
 * <StorefrontLayout>; it is cached per process for a couple of seconds
 * (`forgetStoreChrome` drops an entry at once after a settings change).
 *
 * Money is integer minor units in the store currency.
 */
import { withTenant } from '../../lib/db/index.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { DEFAULT_THEME, type StoreChrome, type StoreNavItem, type StoreTheme } from './chrome.js';
import { renderMarkdown } from './markdown.js';
import {
  findPublishedPage,
  findStoreSettings,
  type HomeProductRow,
  listHomeCategories,
  listHomeProducts,
  listPublishedPageLinks,
} from './repository.js';

const CHROME_TTL_MS = 2_000;
const chromeCache = new Map<string, { at: number; chrome: StoreChrome }>();

export function forgetStoreChrome(tenantId?: string): void {
  if (tenantId) chromeCache.delete(tenantId);
  else chromeCache.clear();
}

function toTheme(
  raw: { colors?: Record<string, string>; fonts?: { heading?: string; body?: string } } | undefined,
): StoreTheme {
  // Values are re-validated by the layout before they reach CSS; missing ones fall back.
  return {
    colors: { ...DEFAULT_THEME.colors, ...(raw?.colors ?? {}) },
    fonts: { ...DEFAULT_THEME.fonts, ...(raw?.fonts ?? {}) },
  };
}

/** The layout props of a store (theme, navigation, footer pages). */
export async function loadStoreChrome(deps: Deps, tenant: TenantInfo): Promise<StoreChrome> {
  const hit = chromeCache.get(tenant.id);
  const now = Date.now();
  if (hit && now - hit.at < CHROME_TTL_MS && hit.chrome.name === tenant.name) return hit.chrome;
  const { settings, pages } = await withTenant(deps.db, tenant.id, async (trx) => ({
    settings: await findStoreSettings(trx, tenant.id),
    pages: await listPublishedPageLinks(trx, tenant.id),
  }));
  const chrome: StoreChrome = {
    name: tenant.name,
    handle: tenant.handle,
    currency: tenant.currency,
    theme: toTheme(settings?.theme),
    navigation: (settings?.navigation ?? []).filter(
      (n): n is StoreNavItem => typeof n?.label === 'string' && typeof n?.href === 'string',
    ),
    footerPages: pages,
    tagline: settings?.tagline ?? undefined,
  };
  if (chromeCache.size > 5_000) chromeCache.clear();
  chromeCache.set(tenant.id, { at: now, chrome });
  return chrome;
}

export interface HomeProduct {
  id: string;
  handle: string;
  title: string;
  price: number;
  /** True when variants have different prices ("From …"). */
  priceVaries: boolean;
  compareAtPrice: number | null;
  inStock: boolean;
  image: { url: string; alt: string } | null;
}

export interface StorefrontHome {
  heroTitle: string;
  heroText: string;
  featured: HomeProduct[];
  newest: HomeProduct[];
  categories: { handle: string; name: string; description: string | null; productCount: number }[];
  seo: { title?: string; description?: string };
}

function toHomeProduct(r: HomeProductRow): HomeProduct {
  return {
    id: r.id,
    handle: r.handle,
    title: r.title,
    price: r.min_price,
    priceVaries: r.max_price !== r.min_price,
    compareAtPrice: r.compare_at_price,
    inStock: r.in_stock,
    image: r.image_url ? { url: r.image_url, alt: r.image_alt ?? r.title } : null,
  };
}

export async function getStorefrontHome(deps: Deps, tenant: TenantInfo): Promise<StorefrontHome> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const settings = await findStoreSettings(trx, tenant.id);
    const home = settings?.home ?? {};
    const featuredHandles = (home.featured ?? []).slice(0, 12);
    const featured = await listHomeProducts(trx, tenant.id, { handles: featuredHandles, limit: 12 });
    const newest = await listHomeProducts(trx, tenant.id, { limit: 8 });
    const categories = await listHomeCategories(trx, tenant.id);
    return {
      heroTitle: home.heroTitle ?? tenant.name,
      heroText: home.heroText ?? settings?.tagline ?? '',
      featured: featured.map(toHomeProduct),
      newest: newest.map(toHomeProduct),
      categories: categories.map((c) => ({
        handle: c.handle,
        name: c.name,
        description: c.description,
        productCount: c.product_count,
      })),
      seo: settings?.seo ?? {},
    };
  });
}

export interface ContentPage {
  slug: string;
  title: string;
  /** Safe HTML rendered from the page's Markdown. */
  html: string;
  updatedAt: Date;
}

export async function getContentPage(
  deps: Deps,
  tenant: TenantInfo,
  slug: string,
): Promise<ContentPage | undefined> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/i.test(slug) || slug.length > 80) return undefined;
  const row = await withTenant(deps.db, tenant.id, (trx) => findPublishedPage(trx, tenant.id, slug));
  if (!row) return undefined;
  return { slug: row.slug, title: row.title, html: renderMarkdown(row.body), updatedAt: row.updated_at };
}
