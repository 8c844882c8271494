/**
 * Promotion pieces of the storefront (#19): the sale badge with the struck
 * price and the end date on the product page, bundle offers ("add both and
 * save 10%") on the product page and in the cart, and the cart's sale lines.
 * Prices come from the same preview the checkout quote uses, so what the
 * shopper reads is what checkout charges at that moment; the cart says that
 * a sale ending before checkout means the price without it.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { Cart } from '../../modules/cart/schemas.js';
import type { StoreProduct } from '../../modules/catalog/store-service.js';
import { type BundleOffer, getShopPromotions } from '../../modules/promotion-rules/storefront.js';
import { money } from './components.js';

type C = Context<AppEnv>;

const pct = (bp: number) => `${Math.floor(bp / 100)}%`;
const endText = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function BundleList(props: { bundles: BundleOffer[]; here: string }) {
  if (props.bundles.length === 0) return null;
  return (
    <ul class="promo-bundles">
      {props.bundles.map((b) => {
        const other = b.product.id === props.here ? b.withProduct : b.product;
        return (
          <li>
            <strong>Bundle offer:</strong> add both “{b.withProduct.title}” and “{b.product.title}” and save{' '}
            {pct(b.discountBp)} on “{b.product.title}” —{' '}
            <a href={`/products/${encodeURIComponent(other.handle)}`}>see {other.title}</a> (until{' '}
            {endText(b.endsAt)})
          </li>
        );
      })}
    </ul>
  );
}

/** Under the product's price: the sale price struck against the usual one, when it ends, bundle offers. */
export async function ProductPromotion(props: {
  c: C;
  product: StoreProduct;
  selectedId: string | undefined;
}) {
  const { c, product } = props;
  const v = product.variants.find((x) => x.id === props.selectedId);
  const lines = product.variants.map((x) => ({
    variantId: x.id,
    productId: product.id,
    price: x.price,
    cost: null,
    quantity: 1,
    available: x.available,
  }));
  const { prices, bundles } = await getShopPromotions(
    c.get('deps').db,
    storeOf(c).id,
    lines,
    c.get('deps').now(),
  );
  const sale = v ? prices.get(v.id) : undefined;
  const currency = storeOf(c).currency;
  return (
    <div class="promo">
      {sale && sale.price < sale.listPrice ? (
        <p class="promo-sale">
          <span class="badge badge-sale">
            Sale −{pct(Math.round(((sale.listPrice - sale.price) * 10000) / sale.listPrice))}
          </span>{' '}
          <span class="price">{money(sale.price, currency)}</span>{' '}
          <span class="visually-hidden">instead of</span>
          <s class="compare-at">{money(sale.listPrice, currency)}</s>
          {sale.endsAt ? <span class="muted"> · ends {endText(sale.endsAt)}</span> : null}
        </p>
      ) : null}
      <BundleList bundles={bundles} here={product.id} />
    </div>
  );
}

/** Above the cart's totals: each line on sale now, bundle offers, and what happens if a sale ends first. */
export async function CartPromotions(props: { c: C; cart: Cart }) {
  const { c, cart } = props;
  const lines = cart.items.map((l) => ({
    variantId: l.variantId,
    productId: l.productId,
    price: l.unitPrice,
    cost: null,
    quantity: l.quantity,
    available: l.available,
  }));
  const { prices, bundles } = await getShopPromotions(
    c.get('deps').db,
    storeOf(c).id,
    lines,
    c.get('deps').now(),
  );
  const onSale = cart.items.filter((l) => (prices.get(l.variantId)?.price ?? l.unitPrice) < l.unitPrice);
  if (onSale.length === 0 && bundles.length === 0) return null;
  const saved = onSale.reduce((s, l) => s + (l.unitPrice - prices.get(l.variantId)!.price) * l.quantity, 0);
  return (
    <section class="promo promo-cart" aria-labelledby="promo-cart-h">
      <h2 id="promo-cart-h">Promotions</h2>
      <ul>
        {onSale.map((l) => {
          const p = prices.get(l.variantId)!;
          return (
            <li>
              <span class="badge badge-sale">Sale</span> {l.title}:{' '}
              <s class="compare-at">{money(l.unitPrice, cart.currency)}</s>{' '}
              <strong>{money(p.price, cart.currency)}</strong> each
              {p.endsAt ? ` until ${endText(p.endsAt)}` : ''}
            </li>
          );
        })}
      </ul>
      {saved > 0 ? (
        <p>
          You save <strong>{money(saved, cart.currency)}</strong> at checkout. Prices follow the promotions
          live when you place the order: if one ends first, that item is charged at its usual price and
          checkout shows it.
        </p>
      ) : null}
      <BundleList
        bundles={bundles.filter((b) => !cart.items.some((l) => l.productId === b.product.id))}
        here=""
      />
    </section>
  );
}
