/**
 * Storefront routes of the recommendation surfaces, mounted in src/web/routes.ts with one line BEFORE the
 * home route:
 *   `/`                 Hono's context storage, so the home page's async "for you" row can read the request
 *   `POST /cart/pair`   "Frequently bought together": adds both variants (quantity 1 each) to the cart and
 *                       redirects to it (303); works without JavaScript. Two adds through the cart service:
 *                       when the second is refused (stock), the first stays and the cart says why.
 *   `GET /products/:handle/recommendations`
 *                       the product page's rows as an HTML fragment (the page's placeholder is filled from
 *                       it when its lists were cold): the same service and the same HTML as the page's
 *                       inline rows, minus the cart's products; empty when there are none, 404 when the
 *                       handle names no active product of this store. Records no view (the page did).
 *   `GET /cart/recommendations`
 *                       the cart page's "Complete your order" as an HTML fragment (the cart page's
 *                       placeholder is filled from it): the cart the shopper's cookie names in THIS store,
 *                       its products left out; empty for an empty cart, 404 when there is no such cart.
 * Also `recordCartAdd`, the add-to-cart signal (buffered) the cart's own add form records with one line.
 */
import { type Context, Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { isUuid } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { recordSignal } from '../../modules/recommendations/service.js';
import { readCartId, writeCartId } from './cookies.js';
import { addToCart, findActiveProduct } from './data.js';
import { cartProductIdsOf, shopperCart } from './page.js';
import {
  CART_ROWS_PATH,
  cartRowsHtml,
  productRowsHtml,
  productRowsReads,
  recommendationShopper,
  startProductRecommendations,
} from './recommendations.js';
import { storeOnly } from './store-only.js';

type C = Context<AppEnv>;

/** Buffers an add-to-cart signal for the variant (no database round trip on the request's path). */
export function recordCartAdd(c: C, variantId: string): void {
  const deps = c.get('deps');
  const shopper = recommendationShopper(c, true);
  recordSignal(deps.db, storeOf(c).id, {
    kind: 'cart',
    productId: null,
    variantId,
    ...shopper,
    occurredAt: deps.now(),
  });
}

const NOTICE_OF: Record<string, string> = {
  insufficient_stock: 'insufficient_stock',
  not_found: 'gone',
  invalid_state: 'gone',
  validation_failed: 'invalid',
};

async function addPairAction(c: C) {
  const site = c.get('site');
  if (site.kind !== 'store' || site.tenant.status !== 'active') throw new AppError('not_found', 'Not found');
  const body = await c.req.parseBody({ all: true });
  const ids = ([] as unknown[]).concat(body.variantId ?? []);
  if (ids.length !== 2 || !ids.every((id): id is string => isUuid(id as string)) || ids[0] === ids[1]) {
    return c.redirect('/cart?notice=invalid', 303);
  }
  const deps = c.get('deps');
  const customerId = recommendationShopper(c, false).customerId;
  let cartId = readCartId(c);
  for (const variantId of ids) {
    try {
      cartId = await addToCart(deps, storeOf(c), cartId, customerId, variantId, 1);
    } catch (err) {
      const notice = err instanceof AppError ? NOTICE_OF[err.code] : undefined;
      if (!notice) throw err;
      return c.redirect(`/cart?notice=${notice}`, 303);
    }
    writeCartId(c, cartId);
    recordCartAdd(c, variantId);
  }
  return c.redirect('/cart?notice=added', 303);
}

/**
 * The product page's rows fragment. !!! tenant scoping: the product is looked up in THIS store only
 * (findActiveProduct, tenant transaction), and its lists are composed by the store-keyed serving cache;
 * another store's handle is a 404. Private (it carries the session's CSRF token), never indexed.
 */
async function productRowsFragment(c: C) {
  const handle = (c.req.param('handle') ?? '').toLowerCase();
  // The cart's products are left out; the fragment renders no chrome, so it reads the cart alone.
  const [cart, product] = await Promise.all([
    shopperCart(c),
    // The product read carries the lists' read (one round trip; cold lists are why the page sent here).
    findActiveProduct(c.get('deps'), storeOf(c), handle, productRowsReads()),
  ]);
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex');
  if (!product) return c.html('', 404);
  const rows = startProductRecommendations(c, product.id, cartProductIdsOf(cart), { waitForCold: true });
  if (!rows || rows === 'deferred') return c.html('');
  return c.html(productRowsHtml(c, product, await rows) ?? '');
}

/**
 * The cart's "Complete your order" fragment. !!! tenant scoping: the cart is the one the page context
 * reads for THIS store (shopperCart: the same read, without the chrome the fragment does not render; the
 * cart service refuses another store's cart id, or another shopper's cart), and
 * the lists are composed by the store-keyed serving cache; no such cart is a 404. Private (its add forms
 * carry the session's CSRF token), never indexed.
 */
async function cartRowsFragment(c: C) {
  const cart = await shopperCart(c);
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex');
  if (!cart) return c.html('', 404);
  return c.html((await cartRowsHtml(c, cart)) ?? '');
}

export const recommendationPages = new Hono<AppEnv>();
recommendationPages.use('/', contextStorage());
recommendationPages.post('/cart/pair', addPairAction);
recommendationPages.use('/products/:handle/recommendations', storeOnly);
recommendationPages.get('/products/:handle/recommendations', productRowsFragment);
recommendationPages.use(CART_ROWS_PATH, storeOnly);
recommendationPages.get(CART_ROWS_PATH, cartRowsFragment);
