/**
 * Store presentation: what the storefront layout and pages need about a
 * store — its chrome (name, theme, navigation, footer pages), the home page
 * content and its content pages. Reads go through `withTenant` for the
 * store the Host names.
 *
 * `loadStoreChrome` is what every storefront page calls to render
 * <StorefrontLayout>; it is cached per process (./chrome-cache.ts: for
 * minutes while the change listener is live and migration 0450's notices
 * drop a store's entry in every process; seconds otherwise).
 * `forgetStoreChrome` drops an entry at once after a settings change.
 *
 * Money is integer minor units in the store currency.
 */
import { withTenant } from '../../lib/db/index.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { DEFAULT_THEME, type StoreChrome, type StoreNavItem, type StoreTheme } from './chrome.js';
import { cachedChrome, rememberChrome } from './chrome-cache.js';
import { renderMarkdown } from './markdown.js';
import {
  findPublishedPage,
  findStoreSettings,
  type HomeProductRow,
  listHomeCategories,
  listHomeProducts,
  listPublishedPageLinks,
} from './repository.js';

export { forgetStoreChrome } from './chrome-cache.js';

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
  const now = deps.now().getTime();
  const hit = cachedChrome(tenant.id, now);
  // The name, handle and currency come from the Host cache's TenantInfo, which site notices refresh.
  if (hit && hit.name === tenant.name && hit.handle === tenant.handle && hit.currency === tenant.currency) {
    return hit;
  }
  return rememberChrome(tenant.id, now, async () => {
    const { settings, pages } = await withTenant(deps.db, tenant.id, async (trx) => ({
      settings: await findStoreSettings(trx, tenant.id),
      pages: await listPublishedPageLinks(trx, tenant.id),
    }));
    return {
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
  });
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
