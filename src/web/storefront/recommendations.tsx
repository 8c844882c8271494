/**
 * Storefront recommendation surfaces, self-contained so pages need one line each to show them:
 * the product page's "Similar products" and "Frequently bought together" (with a one-click add of the
 * pair), the cart's "Complete your order" and the home page's "For you" / popular row. Data comes from the
 * recommendations service (the same one the JSON routes call); views are recorded through its buffer.
 */
import type { Db } from '../../lib/db/index.js';
import {
  getForYou,
  getProductRecommendations,
  type RecommendedProduct,
  recordSignal,
} from '../../modules/recommendations/service.js';
import { CsrfField, Price } from './components.js';

export type { RecommendedProduct };

/** Loads both product-page lists (an unknown product gives empty lists, never an error page). */
export async function loadProductRecommendations(
  db: Db,
  store: { id: string; currency: string },
  productId: string,
): Promise<{ similar: RecommendedProduct[]; together: RecommendedProduct[] }> {
  const safe = (kind: 'similar' | 'bought_together', limit: number) =>
    getProductRecommendations(db, store, productId, kind, { limit }).catch(() => [] as RecommendedProduct[]);
  const [similar, together] = await Promise.all([safe('similar', 8), safe('bought_together', 1)]);
  return { similar, together };
}

/** "For you" (or popular products) for the home page or the cart, minus what is already in the cart. */
export function loadForYou(
  db: Db,
  store: { id: string; currency: string },
  shopper: { customerId: string | null; sessionId: string | null },
  cartProductIds: string[] = [],
): Promise<RecommendedProduct[]> {
  return getForYou(db, store, shopper, { limit: 8, exclude: cartProductIds });
}

/** Records a product view (buffered: no database round trip on the page's path). */
export function recordProductView(
  db: Db,
  tenantId: string,
  productId: string,
  shopper: { customerId: string | null; sessionId: string | null },
  now: Date,
): void {
  if (shopper.customerId || shopper.sessionId) {
    recordSignal(db, tenantId, { kind: 'view', productId, ...shopper, occurredAt: now });
  }
}

export function RecommendationRow(props: { title: string; items: RecommendedProduct[] }) {
  if (props.items.length === 0) return null;
  return (
    <section class="recommendations" aria-label={props.title}>
      <h2>{props.title}</h2>
      <ul class="grid products" style="list-style:none;padding:0">
        {props.items.map((p) => (
          <li class="card product-card">
            <a href={`/products/${encodeURIComponent(p.handle)}`}>
              <h3>{p.title}</h3>
            </a>
            <p>
              <Price amount={p.price} currency={p.currency} />
            </p>
            <p class="reason">{p.reason}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * "Frequently bought together": the companion product with a one-click add of the pair. The form posts
 * both variant ids to the cart's add route; `variantIds` are the default variants of the two products.
 */
export function BoughtTogether(props: {
  companion: RecommendedProduct | undefined;
  variantIds: [string, string] | undefined;
  csrf: string;
}) {
  if (!props.companion || !props.variantIds) return null;
  return (
    <section class="recommendations" aria-label="Frequently bought together">
      <h2>Frequently bought together</h2>
      <p>
        <a href={`/products/${encodeURIComponent(props.companion.handle)}`}>{props.companion.title}</a>{' '}
        <Price amount={props.companion.price} currency={props.companion.currency} />{' '}
        <span class="reason">({props.companion.reason})</span>
      </p>
      <form method="post" action="/cart/items">
        <CsrfField token={props.csrf} />
        {props.variantIds.map((id) => (
          <>
            <input type="hidden" name="variantId" value={id} />
            <input type="hidden" name="quantity" value="1" />
          </>
        ))}
        <button type="submit">Add both to cart</button>
      </form>
    </section>
  );
}
