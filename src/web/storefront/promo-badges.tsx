/**
 * Promotion pieces of the storefront (#19): the sale badge with the struck
 * price and the end date on the product page, bundle offers ("add both and
 * save 10%") on the product page and in the cart, and the cart's sale lines.
 * Prices come from the same preview the checkout quote uses, so what the
 * shopper reads is what checkout charges at that moment; the cart says that
 * a sale ending before checkout means the price without it.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { formatDate } from '../../lib/dates.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { Cart } from '../../modules/cart/schemas.js';
import type { StoreProduct } from '../../modules/catalog/store-service.js';
import type { OrderDetail } from '../../modules/orders/schemas.js';
import { getOrderPromotionNotes, orderPromotionNoteText } from '../../modules/promotion-rules/order-notes.js';
import {
  type BundleOffer,
  getCardSales,
  getShopPromotions,
} from '../../modules/promotion-rules/storefront.js';
import { money } from './components.js';

type C = Context<AppEnv>;

const pct = (bp: number) => `${Math.floor(bp / 100)}%`;
const endText = (d: Date) =>
  formatDate(d, 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The sale badge ("Sale −15%"), the same on product pages, cards and cart lines. */
export function SaleBadge(props: { discountBp?: number }) {
  return <span class="badge badge-sale">Sale{props.discountBp ? ` −${pct(props.discountBp)}` : ''}</span>;
}

/**
 * A page of product cards with the live sales in them: the card's price is
 * the lowest sale price, struck against that variant's usual price, with the
 * badge. One read for the whole page (getCardSales), never one per card —
 * pass every card the page shows (search results and "New in the store",
 * the home page's featured and newest) in one call.
 * When the sale price is not below the card's lowest ("From …") price, the
 * card keeps that price and gains only the badge.
 */
export async function withCardSales<T extends { id: string; price: number }>(
  c: C,
  items: readonly T[],
): Promise<(T & { compareAtPrice?: number | null; badge?: Child })[]> {
  if (items.length === 0) return [];
  const sales = await getCardSales(
    c.get('deps').db,
    storeOf(c).id,
    [...new Set(items.map((i) => i.id))],
    c.get('deps').now(),
  );
  return items.map((i) => {
    const sale = sales.get(i.id);
    if (!sale) return i;
    const badge = <SaleBadge discountBp={sale.discountBp} />;
    if (sale.price >= i.price) return { ...i, badge };
    return { ...i, price: sale.price, compareAtPrice: sale.listPrice, badge };
  });
}

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
          <SaleBadge discountBp={Math.round(((sale.listPrice - sale.price) * 10000) / sale.listPrice)} />{' '}
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

/** The cart's lines at the prices live now: each line's unit price and total, the subtotal and the saving. */
export interface CartPricing {
  lines: Map<string, { unit: number; total: number; endsAt: Date | null }>;
  subtotal: number;
  saved: number;
  bundles: BundleOffer[];
}

/**
 * The cart priced under the promotions live now — the same preview the quote
 * and checkout use — in one read for the whole cart.
 */
export async function priceCart(c: C, cart: Cart): Promise<CartPricing> {
  const { prices, bundles } = await getShopPromotions(
    c.get('deps').db,
    storeOf(c).id,
    cart.items.map((l) => ({
      variantId: l.variantId,
      productId: l.productId,
      price: l.unitPrice,
      cost: null,
      quantity: l.quantity,
      available: l.available,
    })),
    c.get('deps').now(),
  );
  const lines: CartPricing['lines'] = new Map();
  let subtotal = 0;
  for (const l of cart.items) {
    const p = prices.get(l.variantId);
    const unit = Math.min(l.unitPrice, p?.price ?? l.unitPrice);
    lines.set(l.variantId, {
      unit,
      total: unit * l.quantity,
      endsAt: unit < l.unitPrice ? (p?.endsAt ?? null) : null,
    });
    subtotal += unit * l.quantity;
  }
  return { lines, subtotal, saved: cart.subtotal - subtotal, bundles };
}

/** A cart line's price (or total): the sale amount with the usual one struck, else the usual amount. */
export function CartAmount(props: { usual: number; now: number; currency: string; badge?: boolean }) {
  if (props.now >= props.usual) return <>{money(props.usual, props.currency)}</>;
  return (
    <>
      {props.badge ? (
        <>
          <SaleBadge />{' '}
        </>
      ) : null}
      <strong>{money(props.now, props.currency)}</strong> <span class="visually-hidden">instead of</span>
      <s class="compare-at">{money(props.usual, props.currency)}</s>
    </>
  );
}

/** Under the cart's lines: what the sales save, what happens if one ends first, bundle offers. */
export function CartPromotions(props: { cart: Cart; pricing: CartPricing }) {
  const { cart, pricing } = props;
  const ends = [...pricing.lines.values()].flatMap((l) => (l.endsAt ? [l.endsAt.getTime()] : []));
  const bundles = pricing.bundles.filter((b) => !cart.items.some((l) => l.productId === b.product.id));
  if (pricing.saved <= 0 && bundles.length === 0) return null;
  return (
    <section class="promo promo-cart" aria-label="Promotions">
      {pricing.saved > 0 ? (
        <p>
          <SaleBadge /> You save <strong>{money(pricing.saved, cart.currency)}</strong> on sale items
          {ends.length ? ` (the first sale ends ${endText(new Date(Math.min(...ends)))})` : ''}. Prices follow
          the promotions live when you place the order: if one ends first, that item is charged at its usual
          price and checkout shows it.
        </p>
      ) : null}
      <BundleList bundles={bundles} here="" />
    </section>
  );
}

/**
 * On the order confirmation: promotions the shopper saw that this order
 * could not honour (ended between quote and checkout, or ran out), and why
 * those lines were charged at their usual price. Nothing when there are none.
 */
export async function OrderPromotionNotes(props: { c: C; order: OrderDetail }) {
  const { c, order } = props;
  const notes = await getOrderPromotionNotes(c.get('deps').db, storeOf(c).id, order.id);
  if (notes.length === 0) return null;
  const title = (id: string) => order.lines.find((l) => l.variantId === id)?.title ?? 'an item';
  return (
    <section class="notice promo-ended" aria-labelledby="promo-ended-h" style="margin-bottom:1rem">
      <h2 id="promo-ended-h" style="margin-top:0">
        Promotions not applied
      </h2>
      <ul>
        {notes.map((n) => (
          <li>{orderPromotionNoteText(n, title(n.variantId), order.currency)}</li>
        ))}
      </ul>
    </section>
  );
}
