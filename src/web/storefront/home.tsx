/**
 * The storefront home (`/` on a store host): the template's hero, featured
 * products, categories and newest arrivals, inside the store's themed layout.
 * Reads through src/modules/stores/service.ts.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import {
  getContentPage,
  getStorefrontHome,
  type HomeProduct,
  type StorefrontHome,
} from '../../modules/stores/service.js';
import { LandingPage } from '../platform/landing.js';
import { type StoreChrome, StorefrontLayout } from './layout.js';
import { pageContext } from './page.js';
import { ContentPageView } from './pages.js';
import { withCardSales } from './promo-badges.js';
import { HomeRecommendations } from './recommendations.js';
import { storeUnavailableResponse } from './unavailable.js';

/** A home card; `badge` is the sale badge when a promotion is live (promo-badges withCardSales). */
type HomeCard = HomeProduct & { badge?: Child };

export function HomeProductCard(props: { product: HomeCard; currency: string }) {
  const p = props.product;
  const showCompare = p.compareAtPrice !== null && p.compareAtPrice > p.price;
  return (
    <li class="card product-card">
      <a href={`/products/${encodeURIComponent(p.handle)}`}>
        {p.image ? <img src={p.image.url} alt={p.image.alt} width={400} height={400} loading="lazy" /> : null}
        <h3>{p.title}</h3>
      </a>
      <p>
        {p.badge ? <>{p.badge} </> : null}
        <span class="price">
          {p.priceVaries ? 'From ' : ''}
          {formatMoney(p.price, props.currency)}
        </span>
        {showCompare ? (
          <>
            <span class="visually-hidden"> was </span>
            <s class="compare-at">{formatMoney(p.compareAtPrice!, props.currency)}</s>
          </>
        ) : null}
        {p.inStock ? null : <span class="muted"> · Sold out</span>}
      </p>
    </li>
  );
}

function ProductList(props: { id: string; title: string; products: HomeCard[]; currency: string }) {
  if (props.products.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul class="grid products" style="list-style:none;padding:0">
        {props.products.map((p) => (
          <HomeProductCard product={p} currency={props.currency} />
        ))}
      </ul>
    </section>
  );
}

export interface StorefrontHomePageProps {
  chrome: StoreChrome;
  home: StorefrontHome & { featured: HomeCard[]; newest: HomeCard[] };
  cartCount?: number;
  /** The cart's products (read by the page context): "for you" leaves them out without another read. */
  cartProductIds: readonly string[];
}

export function StorefrontHomePage(props: StorefrontHomePageProps) {
  const { chrome, home } = props;
  const featuredIds = new Set(home.featured.map((p) => p.id));
  const newest = home.newest.filter((p) => !featuredIds.has(p.id));
  const empty = home.featured.length === 0 && home.newest.length === 0;
  return (
    <StorefrontLayout
      chrome={chrome}
      description={home.seo.description ?? chrome.tagline}
      currentPath="/"
      cartCount={props.cartCount}
    >
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{home.heroTitle}</h1>
        {home.heroText ? (
          <p class="muted" style="font-size:1.15rem;max-width:40rem">
            {home.heroText}
          </p>
        ) : null}
        {empty ? null : (
          <p>
            <a class="btn" href="/search">
              Shop all products
            </a>
          </p>
        )}
      </section>
      <ProductList id="featured" title="Featured" products={home.featured} currency={chrome.currency} />
      <HomeRecommendations cartProductIds={props.cartProductIds} />
      {home.categories.length > 0 ? (
        <section aria-labelledby="categories">
          <h2 id="categories">Shop by category</h2>
          <ul class="grid" style="list-style:none;padding:0">
            {home.categories.map((c) => (
              <li class="card">
                <h3 style="margin-top:0">
                  <a href={`/collections/${encodeURIComponent(c.handle)}`}>{c.name}</a>
                </h3>
                {c.description ? <p class="muted">{c.description}</p> : null}
                <p class="muted">
                  {c.productCount} {c.productCount === 1 ? 'product' : 'products'}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ProductList id="newest" title="New arrivals" products={newest} currency={chrome.currency} />
      {empty ? <p class="notice">This store is being set up. Products will appear here soon.</p> : null}
    </StorefrontLayout>
  );
}

// ── Handlers ───────────────────────────────────────────────────────────────

/**
 * `GET /` is shared by the apex (landing page) and every store host
 * (storefront home): ONE route, dispatched on the site the Host names.
 */
export async function landingOrStoreHome(c: Context<AppEnv>): Promise<Response> {
  const site = c.get('site');
  if (site.kind === 'apex') return c.html(<LandingPage />);
  if (site.tenant.status !== 'active') return storeUnavailableResponse(c);
  const [ctx, home] = await Promise.all([pageContext(c), getStorefrontHome(c.get('deps'), site.tenant)]);
  // Featured and newest cards with their live sales: one read for both lists.
  // (A new object: the home read may be cached and shared, so it is never changed.)
  const cards = await withCardSales(c, [...home.featured, ...home.newest]);
  const withSales = {
    ...home,
    featured: cards.slice(0, home.featured.length),
    newest: cards.slice(home.featured.length),
  };
  return c.html(
    <StorefrontHomePage
      chrome={ctx.chrome}
      home={withSales}
      cartCount={ctx.cartCount}
      cartProductIds={ctx.cartProductIds}
    />,
  );
}

/** `GET /pages/:slug` on a store host. */
export async function contentPage(c: Context<AppEnv>): Promise<Response> {
  const site = c.get('site');
  if (site.kind !== 'store') throw new AppError('not_found', 'Not found');
  if (site.tenant.status !== 'active') return storeUnavailableResponse(c);
  const [ctx, page] = await Promise.all([
    pageContext(c),
    getContentPage(c.get('deps'), site.tenant, c.req.param('slug') ?? ''),
  ]);
  if (!page) throw new AppError('not_found', 'This page does not exist');
  return c.html(<ContentPageView chrome={ctx.chrome} page={page} cartCount={ctx.cartCount} />);
}
