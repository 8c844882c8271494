/**
 * Storefront recommendation surfaces, self-contained so each page shows one with ONE line (an async
 * component): the product page's "Frequently bought together" (a one-click add of the pair, a plain POST
 * form) and "Similar products", the cart's "Complete your order" (an add button per product) and the home
 * page's "Recommended for you" / "Popular in this store". Every card says why it is there. Data comes from
 * the recommendations service (the same one the JSON routes call); views are buffered (no database round
 * trip on the page's path). A failing recommendation read hides the row, never the page. The product
 * page never waits for lists that are cold in this process: it answers with a placeholder, and the
 * browser fills it from the rows fragment (recommendation-routes.tsx), which composes the same lists.
 * The cart page always does so (a new basket's lists are cold): "Complete your order" is its fragment.
 */
import type { Context } from 'hono';
import { getContext } from 'hono/context-storage';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfToken } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { allowInlineScript } from '../../lib/http/security-headers.js';
import {
  getCartCompanions,
  getForYou,
  getProductPageRecommendations,
  noteColdProductPage,
  productPageListsNow,
  productPageListsNowByHandle,
  productPageRecommendationsWarm,
  type RecommendedProduct,
  recordSignal,
  type ServedProduct,
} from '../../modules/recommendations/service.js';
import { recommendationShopper } from '../../modules/recommendations/store-routes.js';
import type { Cart, ProductDetail } from './data.js';
import { cartProductIdsOf } from './page.js';
import { memoisedRows, rowsMemoised } from './recommendation-memo.js';
import { boughtTogether, RecommendationRow } from './recommendation-rows.js';

type C = Context<AppEnv>;

export type { RecommendedProduct };

export { recommendationShopper };

/** Runs a recommendation read; on failure logs it and shows nothing. */
async function orNothing<T>(c: C, fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    c.get('deps').logger.warn({ err }, 'recommendations unavailable for this page');
    return fallback;
  }
}

/**
 * The storefront rows' kill switch: RECOMMENDATIONS_STOREFRONT=off hides every row (and records no views).
 * Read at each render, so the bench can compare the product page with and without the rows.
 */
function storefrontEnabled(): boolean {
  return process.env.RECOMMENDATIONS_STOREFRONT !== 'off';
}

/** Reasons that really mean "bought together" (or a merchant's pick), so the pair heading tells the truth. */
const PAIR_REASON = /^(bought together|picked for you)/;

/**
 * The product page's lists: the serving cache's own rows when composed at once (priced in the store's
 * currency, which the rows are rendered in), or the service's priced answer.
 */
type ProductLists = { similar: readonly ServedProduct[]; together: readonly ServedProduct[] };

/** The product page's list sizes ("bought together", "similar"); null when the rows are off. */
export function productPageListSizes(): { similar: number; together: number } | null {
  return storefrontEnabled() ? PAGE_LISTS : null;
}

const PAGE_LISTS = { similar: 4, together: 1 };

/**
 * What the rows fragment's product read carries: the lists too, cold or not (the fragment waits for
 * them anyway), so the fragment is one round trip; null when the rows are off.
 */
export function productRowsReads(): { similar: number; together: number; lists: 'all' } | null {
  return storefrontEnabled() ? { ...PAGE_LISTS, lists: 'all' } : null;
}

/**
 * The product page's rows as the page has them: the lists (the fragment route: composed at once,
 * everything they need is held in this process), the lists being composed (the page's warm lists, or
 * the fragment route's read), `deferred` (cold: the page answers without waiting and the browser fetches
 * the rows from the fragment route), or null (the rows are off).
 */
export type ProductRows = ProductLists | Promise<ProductLists> | 'deferred' | null;

/**
 * Starts the product page's lists for product `productId`, leaving out the cart's products the page
 * already read. The page (`waitForCold` unset) composes them only when they are warm in this process —
 * composing then reads no list — and otherwise defers them to the fragment route, which waits for them
 * (`waitForCold`). Never rejects; null when the rows are off.
 *
 * The page composes its warm lists a turn of the event loop later (`afterPageReads`), not at once: by
 * then the page has sent its own reads (reviews, promotions), so composing and rendering the rows — pure
 * CPU, some 0.1 ms on a first view — run while those round trips are in flight instead of before them.
 * Without reads in flight the turn costs microseconds.
 */
export function startProductRecommendations(
  c: C,
  productId: string,
  cartProductIds: string[],
  opts: { waitForCold?: boolean; early?: EarlyLists } = {},
): ProductRows {
  if (!storefrontEnabled()) return null;
  if (opts.early?.productId === productId) return opts.early.lists;
  const deps = c.get('deps');
  const store = storeOf(c);
  const compose = () =>
    composedNow(c, productId, cartProductIds) ??
    orNothing(c, { similar: [], together: [] }, () =>
      getProductPageRecommendations(deps.db, store, productId, {
        ...PAGE_LISTS,
        cart: { productIds: cartProductIds },
      }),
    );
  if (opts.waitForCold) return compose();
  if (!productPageRecommendationsWarm(deps.db, store, productId, PAGE_LISTS)) {
    noteColdProductPage(deps.db, store, PAGE_LISTS, (err) =>
      deps.logger.warn({ err }, 'reading recommendation lists ahead failed'),
    );
    return 'deferred';
  }
  return afterPageReads().then(compose);
}

/** Resolves after the current turn of the event loop: once the page's own reads have been sent. */
const afterPageReads = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The product page's lists composed by the handle in its URL, and the product they are of. */
export type EarlyLists = { productId: string; lists: ProductLists } | undefined;

/**
 * The product page's lists composed by `handle` while the page's product read is in flight (called just
 * after that read is sent; composing waits a turn of the event loop, so the read is on its way): the
 * longest wait of a first view, so composing, pure CPU, costs the page next to nothing. Resolves to
 * undefined when this process does not hold everything they need (the page then starts them the usual
 * way, once it has its product) and never rejects. The page keeps them only when its read finds the
 * product they were composed for (a handle may have come to name another product since the card was read).
 */
export function composeEarly(
  c: C,
  handle: string,
  cartProductIds: string[],
): Promise<EarlyLists> | undefined {
  if (!storefrontEnabled()) return undefined;
  const deps = c.get('deps');
  return afterPageReads().then(() => {
    try {
      const opts = { ...PAGE_LISTS, cartProductIds };
      const found = productPageListsNowByHandle(deps.db, storeOf(c), handle, opts);
      if (!found) return undefined;
      const { product, lists } = found;
      // Rows not rendered yet: as the card says the page's own part is (title, first variant in stock
      // and its price), into the rows' memo; the page renders from there when its product read says the
      // same, and renders them again otherwise (then kept: a later view renders nothing, not twice). The
      // view's shopper (a new session's cookie) too.
      const own = product.variantId ? { id: product.variantId, price: product.price } : undefined;
      if (!rowsMemoised(lists)) rowsHtml(c, { title: product.title, own }, lists);
      recommendationShopper(c, true);
      return { productId: product.id, lists };
    } catch (err) {
      deps.logger.warn({ err }, 'composing recommendations from memory failed');
      return undefined;
    }
  });
}

/** The product page's lists composed from what this process holds, without an await; else undefined. */
function composedNow(c: C, productId: string, cartProductIds: string[]): ProductLists | undefined {
  const deps = c.get('deps');
  try {
    const opts = { ...PAGE_LISTS, cartProductIds };
    return productPageListsNow(deps.db, storeOf(c), productId, opts);
  } catch (err) {
    // Composing from memory has nothing to fail on; were it to, the lists are composed the usual way.
    deps.logger.warn({ err }, 'composing recommendations from memory failed');
    return undefined;
  }
}

/** The product page's rows fragment (GET, HTML); the page's placeholder names it. */
export const productRowsPath = (handle: string) => `/products/${encodeURIComponent(handle)}/recommendations`;

/**
 * Fills a rows placeholder (the element with id `slotId` and a `data-src`) with its fragment once the
 * page has loaded (progressive enhancement: without JavaScript the section is absent; an empty or failed
 * answer removes the slot). Slots sit below the page's own content, so filling one never moves the
 * page's buttons (Add to cart, Check out).
 */
function slotScript(slotId: string): string {
  return allowInlineScript(
    `(function(){var s=document.getElementById('${slotId}');if(!s||!window.fetch)return;
fetch(s.getAttribute('data-src'),{credentials:'same-origin',headers:{accept:'text/html'}})
.then(function(r){return r.ok?r.text():''}).then(function(h){if(h.trim()){s.innerHTML=h;s.removeAttribute('aria-busy')}else s.remove()})
.catch(function(){s.remove()})})();`,
  );
}

/** The product page's placeholder script (the product's rows fragment). */
export const PRODUCT_ROWS_SCRIPT = slotScript('rec-product-slot');

/** The cart page's placeholder script ("Complete your order" from the cart's rows fragment). */
export const CART_ROWS_SCRIPT = slotScript('rec-cart-slot');

/**
 * Product page: records the view, then "Frequently bought together" and "Similar products" — inline when
 * warm (when their lists arrive: the view is recorded then too, off the page's own path), else the
 * placeholder the fragment fills (the view recorded a turn of the event loop later).
 */
export function ProductRecommendations(props: { c: C; product: ProductDetail; rows: ProductRows }) {
  const { c, product, rows } = props;
  if (!rows) return null;
  if (rows === 'deferred')
    // The view is recorded a turn later, while the page's own reads are in flight (see
    // startProductRecommendations); the placeholder is the same either way.
    return afterPageReads().then(() => {
      recordView(c, product.id);
      return <div id="rec-product-slot" aria-busy="true" data-src={productRowsPath(product.handle)} />;
    });
  if (rows instanceof Promise)
    return rows.then((lists) => {
      recordView(c, product.id);
      return productRowsHtml(c, product, lists);
    });
  recordView(c, product.id);
  return productRowsHtml(c, product, rows);
}

/** Buffers a product view of this shopper (setting the anonymous session cookie when absent). */
function recordView(c: C, productId: string) {
  const deps = c.get('deps');
  recordSignal(deps.db, storeOf(c).id, {
    kind: 'view',
    productId,
    ...recommendationShopper(c, true),
    occurredAt: deps.now(),
  });
}

/**
 * The product page's rows for `lists` (the page inline, and its fragment route): rendered once per
 * answer of the serving cache and product (recommendation-memo.ts), with this session's CSRF token.
 */
export function productRowsHtml(c: C, product: ProductDetail, lists: ProductLists) {
  const own = product.variants.find((v) => v.available > 0);
  return rowsHtml(c, { title: product.title, own: own && { id: own.id, price: own.price } }, lists);
}

/** The product's own part of its rows: its title, and its first variant in stock (the pair's own half). */
type RowsPage = { title: string; own: { id: string; price: number } | undefined };

function rowsHtml(c: C, product: RowsPage, lists: ProductLists) {
  if (lists.together.length === 0 && lists.similar.length === 0) return null;
  const { own } = product;
  const currency = storeOf(c).currency;
  // The lists object is the serving cache's answer (the same one only while nothing it was decided by
  // changed); the rest of the HTML is the store's currency and the product's own title and pair variant
  // and price.
  const page = `${currency}|${own?.id ?? '-'}|${own?.price ?? '-'}|${product.title}`;
  return memoisedRows(lists, page, csrfToken(c), (csrf) => {
    const companion = lists.together.find((p) => PAIR_REASON.test(p.reason) && p.variantId);
    const similar = lists.similar.filter((p) => p.id !== companion?.id);
    const pair = companion && own ? { variantId: own.id, price: own.price, companion } : null;
    return (
      (pair ? boughtTogether({ csrf, title: product.title, currency, ...pair }) : '') +
      (RecommendationRow({ id: 'rec-similar', title: 'Similar products', items: similar, currency }) ?? '')
    );
  });
}

/** The cart's "Complete your order" fragment (GET, HTML); the cart page's placeholder names it. */
export const CART_ROWS_PATH = '/cart/recommendations';

/**
 * Cart page: the placeholder of "Complete your order" (null when the cart is empty or the rows are off;
 * a page showing it carries CART_ROWS_SCRIPT). The page never composes the row itself — a new basket's
 * lists are cold (their read is a statement of its own) — so it answers at once and the browser fills the
 * slot from CART_ROWS_PATH, which reads the cart again: the rows' only extra cost, off the page's
 * response path. With JavaScript off the row is absent and the cart works as before.
 */
export function cartRowsSlot(cart: Cart | null) {
  if (!cart || cart.items.length === 0 || !storefrontEnabled()) return null;
  return <div id="rec-cart-slot" aria-busy="true" data-src={CART_ROWS_PATH} />;
}

/**
 * "Complete your order" for `cart` (the cart's rows fragment): what goes with its products, each card
 * with an add button (POST /cart/items, this session's CSRF token). Null when the cart is empty, the rows
 * are off or nothing is found; a failing recommendation read shows nothing.
 */
export async function cartRowsHtml(c: C, cart: Cart) {
  if (cart.items.length === 0 || !storefrontEnabled()) return null;
  const deps = c.get('deps');
  const items = await orNothing(c, [] as RecommendedProduct[], () =>
    getCartCompanions(deps.db, storeOf(c), { productIds: cartProductIdsOf(cart) }, 4),
  );
  const currency = storeOf(c).currency;
  return RecommendationRow({ id: 'rec-cart', title: 'Complete your order', items, currency, c });
}

/**
 * Home page: "Recommended for you" from the shopper's recent views, carts and orders, or "Popular in this
 * store" without any. Takes the request from Hono's context storage (the home page component has no `c`).
 * `cartProductIds`: the cart's products the page context already read (left out without reading the cart
 * again).
 */
export async function HomeRecommendations(props: { cartProductIds: readonly string[] }) {
  const c = requestContext();
  if (c?.get('site').kind !== 'store' || !storefrontEnabled()) return null;
  const deps = c.get('deps');
  const items = await orNothing(c, [] as RecommendedProduct[], () =>
    getForYou(deps.db, storeOf(c), recommendationShopper(c, false), {
      limit: 4,
      cart: { productIds: props.cartProductIds },
    }),
  );
  const personal = items.some((p) => p.reason !== 'popular in this store');
  return RecommendationRow({
    id: 'rec-home',
    title: personal ? 'Recommended for you' : 'Popular in this store',
    items,
    currency: storeOf(c).currency,
  });
}

/** The request being rendered, or undefined outside one (e.g. a component rendered on its own). */
function requestContext(): C | undefined {
  try {
    return getContext<AppEnv>() as unknown as C;
  } catch {
    return undefined;
  }
}
