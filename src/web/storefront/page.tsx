/**
 * The per-request frame of a storefront shopping page: the store chrome
 * (theme, navigation — from B1's store settings), the shopper's cart count
 * (from the httpOnly cart cookie), the signed-in shopper if any, and the
 * <ShopPage> wrapper that adds the SEO head (title, description, canonical
 * URL, robots) around B1's StorefrontLayout.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv, Deps } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { HeadLink } from '../components/head-link.js';
import { SHOP_CSS } from './components.js';
import { readCartId } from './cookies.js';
import { type Cart, findCart, loadChrome, type Shopper, shopperOf } from './data.js';
import { type StoreChrome, StorefrontLayout } from './layout.js';

export interface PageContext {
  deps: Deps;
  chrome: StoreChrome;
  currency: string;
  /** Absolute origin of the store (canonical URLs, sitemap). */
  origin: string;
  cartId: string | undefined;
  /** The shopper's active cart (null: none, gone or foreign), read once per request for every use. */
  cart: Cart | null;
  cartCount: number;
  /** The cart's products (read with its count; recommendation rows leave them out without a read). */
  cartProductIds: string[];
  shopper: Shopper | null;
}

export function storeOrigin(c: Context<AppEnv>): string {
  const site = c.get('site');
  return site.kind === 'store' ? site.url : c.get('deps').config.PUBLIC_URL;
}

/**
 * The shopper's active cart in this store: the one the cart cookie names, if it is this store's and this
 * shopper's (null: no cookie, or the cart is gone or foreign). What pageContext reads; a fragment that
 * renders no chrome reads it alone.
 */
export function shopperCart(c: Context<AppEnv>, cartId = readCartId(c)): Promise<Cart | null> {
  return cartId
    ? findCart(c.get('deps'), storeOf(c), cartId, shopperOf(c)?.customerId)
    : Promise.resolve(null);
}

/** The products in a cart (what recommendation rows leave out). */
export const cartProductIdsOf = (cart: Cart | null): string[] => cart?.items.map((i) => i.productId) ?? [];

export async function pageContext(c: Context<AppEnv>): Promise<PageContext> {
  const deps = c.get('deps');
  const tenant = storeOf(c);
  const cartId = readCartId(c);
  const [chrome, cart] = await Promise.all([loadChrome(deps, tenant), shopperCart(c, cartId)]);
  return {
    deps,
    chrome,
    currency: tenant.currency,
    origin: storeOrigin(c),
    cartId,
    cart,
    cartCount: cart?.itemCount ?? 0,
    cartProductIds: cartProductIdsOf(cart),
    shopper: shopperOf(c),
  };
}

export function ShopPage(props: {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Path of the canonical URL (no query string). */
  path: string;
  searchQuery?: string;
  noindex?: boolean;
  head?: Child;
  /** Inline scripts registered with allowInlineScript (progressive enhancement only). */
  scripts?: string[];
  children?: Child;
}) {
  const { ctx } = props;
  return (
    <StorefrontLayout
      chrome={ctx.chrome}
      title={props.title}
      description={props.description}
      searchQuery={props.searchQuery}
      cartCount={ctx.cartCount}
      currentPath={props.path}
      scripts={props.scripts}
      head={
        <>
          <HeadLink rel="canonical" href={ctx.origin + props.path} />
          {props.noindex ? <meta name="robots" content="noindex" /> : null}
          <style dangerouslySetInnerHTML={{ __html: SHOP_CSS }} />
          {props.head}
        </>
      }
    >
      {props.children}
    </StorefrontLayout>
  );
}
