/**
 * What the storefront shows of the live promotions: each variant's price now
 * (the same preview checkout's quote uses), when the sale ends, and bundle
 * offers ("add both and save 10%") naming the other product. One tenant
 * transaction per call; changes nothing.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { type LinePromotion, type PromoLine, previewLinePromotions } from './live-prices.js';
import { productLabels, variantPriceRows } from './repository/facts.js';
import { liveOfferRowsForProducts } from './repository/offers.js';

export interface BundleOffer {
  /** The product discounted when bought together with `withProduct`. */
  product: { id: string; title: string; handle: string };
  withProduct: { id: string; title: string; handle: string };
  discountBp: number;
  endsAt: Date;
}

export interface ShopPromotions {
  /** variant id → its price under the promotions live now. */
  prices: Map<string, LinePromotion>;
  bundles: BundleOffer[];
}

/**
 * Promotions for lines (a product's variants or a cart's lines). `lines`
 * carry the cart's products, so a bundle discount shows only when both are in it.
 */
export function getShopPromotions(
  db: Db,
  tenantId: string,
  lines: readonly PromoLine[],
  now: Date,
): Promise<ShopPromotions> {
  return withTenant(db, tenantId, async (trx) => {
    const prices = await previewLinePromotions(trx, tenantId, lines, now);
    const productIds = [...new Set(lines.map((l) => l.productId))];
    const offers = (await liveOfferRowsForProducts(trx, tenantId, productIds, now)).filter(
      (o) => o.partner_product_id != null,
    );
    const labels = await productLabels(trx, tenantId, [
      ...new Set(offers.flatMap((o) => [o.product_id, o.partner_product_id!])),
    ]);
    const seen = new Set<string>();
    const bundles: BundleOffer[] = [];
    for (const o of offers) {
      const key = `${o.product_id}:${o.partner_product_id}`;
      const product = labels.get(o.product_id);
      const withProduct = labels.get(o.partner_product_id!);
      if (seen.has(key) || !product || !withProduct) continue;
      seen.add(key);
      bundles.push({
        product: { id: o.product_id, ...product },
        withProduct: { id: o.partner_product_id!, ...withProduct },
        discountBp: o.discount_bp,
        endsAt: o.ends_at,
      });
    }
    return { prices, bundles };
  });
}

/** A product card's sale: its lowest price under the live promotions, against that variant's usual price. */
export interface CardSale {
  price: number;
  listPrice: number;
  discountBp: number;
  endsAt: Date | null;
}

/**
 * Sales for a page of product cards, in one tenant transaction for the whole
 * page (never one per card): live offers on these products (bundle offers
 * need the partner in the cart, so they are not a card's price), then the
 * same preview the cart and checkout use. Changes nothing.
 */
export function getCardSales(
  db: Db,
  tenantId: string,
  productIds: readonly string[],
  now: Date,
): Promise<Map<string, CardSale>> {
  return withTenant(db, tenantId, async (trx) => {
    const out = new Map<string, CardSale>();
    const offers = (await liveOfferRowsForProducts(trx, tenantId, productIds, now)).filter(
      (o) => o.partner_product_id == null && productIds.includes(o.product_id),
    );
    if (offers.length === 0) return out;
    const variants = await variantPriceRows(trx, tenantId, [...new Set(offers.map((o) => o.variant_id))]);
    const lines = variants.map((v) => ({
      variantId: v.id,
      productId: v.product_id,
      price: v.price,
      cost: null,
      quantity: 1,
      available: v.available,
    }));
    const prices = await previewLinePromotions(trx, tenantId, lines, now);
    for (const l of lines) {
      const p = prices.get(l.variantId);
      if (!p || p.price >= p.listPrice) continue;
      const best = out.get(l.productId);
      if (best && best.price <= p.price) continue;
      out.set(l.productId, {
        price: p.price,
        listPrice: p.listPrice,
        discountBp: Math.round(((p.listPrice - p.price) * 10_000) / p.listPrice),
        endsAt: p.endsAt,
      });
    }
    return out;
  });
}
