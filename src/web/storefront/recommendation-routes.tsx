/**
 * Storefront routes of the recommendation surfaces, mounted in src/web/routes.ts with one line BEFORE the
 * home route:
 *   `/`                 Hono's context storage, so the home page's async "for you" row can read the request
 *   `POST /cart/pair`   "Frequently bought together": adds both variants (quantity 1 each) to the cart and
 *                       redirects to it (303); works without JavaScript. Two adds through the cart service:
 *                       when the second is refused (stock), the first stays and the cart says why.
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
import { addToCart } from './data.js';
import { recommendationShopper } from './recommendations.js';

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

export const recommendationPages = new Hono<AppEnv>();
recommendationPages.use('/', contextStorage());
recommendationPages.post('/cart/pair', addPairAction);
