/**
 * `/products/:handle`: one active product of this store — images with alt
 * text, price (compare-at price struck through), stock status of the
 * selected variant, one picker per option (variant-picker.tsx: links to
 * `?variant=<id>`, no JavaScript needed), the add-to-cart form (POST
 * /cart/items) and JSON-LD Product data for search engines. Another
 * store's handle, a draft or an archived product is the 404 page.
 */

import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { toDecimalString } from '../../lib/money.js';
import { notFoundPage } from './catalog-pages.js';
import { Notice, Price } from './components.js';
import { findActiveProduct, type ProductDetail } from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';
import { ProductPromotion } from './promo-badges.js';
import {
  composeEarly,
  PRODUCT_ROWS_SCRIPT,
  ProductRecommendations,
  productPageListSizes,
  startProductRecommendations,
} from './recommendations.js';
import { ProductReviews, ReviewsJsonLd } from './reviews.js';
import { selectVariant } from './variant-choice.js';
import { Gallery, VARIANT_CSS, VARIANT_SCRIPT, VariantPickers } from './variant-picker.js';

type C = Context<AppEnv>;

/** Fixed messages for `?notice=` after a redirect (never reflects arbitrary text). */
export const PRODUCT_NOTICES: Record<string, string> = {
  insufficient_stock: 'Sorry, there is not enough stock for that quantity.',
  invalid: 'Choose an option and a quantity between 1 and 100.',
  unavailable: 'That option is no longer available.',
};

/** Schema.org Product as JSON-LD; `<` is escaped so the JSON cannot close the script element. */
export function productJsonLd(p: ProductDetail, currency: string, url: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    description: p.description || undefined,
    url,
    image: p.images.length ? p.images.map((i) => i.url) : undefined,
    sku: p.variants.length === 1 ? p.variants[0]!.sku : undefined,
    category: p.category?.name,
    offers: p.variants.map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      name: v.title || p.title,
      price: toDecimalString(v.price, currency),
      priceCurrency: currency,
      availability: v.available > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      url,
    })),
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

type Variant = ProductDetail['variants'][number];

function variantLabel(p: ProductDetail, v: Variant): string {
  const fromOptions = Object.values(v.options ?? {}).join(' / ');
  return v.title || fromOptions || (p.variants.length === 1 ? p.title : v.sku);
}

function stockText(selected: Variant | undefined, anyInStock: boolean): string {
  if (!anyInStock) return 'Sold out';
  if (!selected || selected.available <= 0) return 'This option is sold out';
  return selected.available <= 5 ? `In stock — only ${selected.available} left` : 'In stock';
}

function ProductView(props: { c: C; ctx: PageContext; product: ProductDetail; notice?: string }) {
  const { product: p, ctx } = props;
  const currency = ctx.currency;
  const selected = selectVariant(p.variants, props.c.req.query('variant'));
  const anyInStock = p.variants.some((v) => v.available > 0);
  const selectedInStock = (selected?.available ?? 0) > 0;
  return (
    <>
      <Breadcrumb product={p} />
      <article class="product" id="product-main" aria-labelledby="product-title">
        <Gallery title={p.title} images={p.images} selected={selected} />
        <div>
          <h1 id="product-title">{p.title}</h1>
          {selected ? (
            <p id="product-price">
              <Price amount={selected.price} currency={currency} compareAt={selected.compareAtPrice} />
            </p>
          ) : null}
          <ProductPromotion c={props.c} product={p} selectedId={selected?.id} />
          <p id="stock-status" class={selectedInStock ? 'stock-in' : 'stock-out'}>
            {stockText(selected, anyInStock)}
          </p>
          {props.notice ? <Notice kind="error">{props.notice}</Notice> : null}
          {selected ? (
            <VariantPickers
              productHandle={p.handle}
              declared={p.options}
              variants={p.variants}
              selected={selected}
            />
          ) : null}
          <AddToCartForm c={props.c} product={p} selected={selected} inStock={selectedInStock} />
          {p.description ? (
            <section aria-labelledby="description-heading">
              <h2 id="description-heading">Description</h2>
              {p.description.split(/\n{2,}/).map((para) => (
                <p>{para}</p>
              ))}
            </section>
          ) : null}
        </div>
      </article>
    </>
  );
}

function Breadcrumb(props: { product: ProductDetail }) {
  const p = props.product;
  return (
    <nav aria-label="Breadcrumb">
      <a href="/">Home</a>
      {p.category ? (
        <>
          {' / '}
          <a href={`/collections/${encodeURIComponent(p.category.handle)}`}>{p.category.name}</a>
        </>
      ) : null}
      {' / '}
      <span aria-current="page">{p.title}</span>
    </nav>
  );
}

/** POST /cart/items: the selected variant (chosen with the pickers) and the quantity. */
function AddToCartForm(props: {
  c: C;
  product: ProductDetail;
  selected: Variant | undefined;
  inStock: boolean;
}) {
  const { product: p, selected, inStock } = props;
  return (
    <form method="post" action="/cart/items" aria-describedby="stock-status">
      {csrfInput(props.c)}
      <input type="hidden" name="handle" value={p.handle} />
      {selected ? <input type="hidden" name="variantId" value={selected.id} /> : null}
      {selected && p.variants.length > 1 ? (
        <p class="muted" id="selected-variant">
          Selected: {variantLabel(p, selected)}
        </p>
      ) : null}
      <div class="field">
        <label for="quantity">Quantity</label>
        <input class="qty" id="quantity" name="quantity" type="number" min="1" max="100" value="1" required />
      </div>
      <button class="btn" type="submit" disabled={!inStock}>
        {inStock ? 'Add to cart' : 'Sold out'}
      </button>
    </form>
  );
}

export async function productPage(c: C) {
  const ctx = await pageContext(c);
  const handle = (c.req.param('handle') ?? '').toLowerCase();
  // A product read that misses the cache renews the recommendations' serving state in the same trip;
  // held lists are composed while it is in flight.
  const read = findActiveProduct(ctx.deps, storeOf(c), handle, productPageListSizes());
  const [product, early] = await Promise.all([read, composeEarly(c, handle, ctx.cartProductIds)]);
  if (!product) return notFoundPage(c, ctx);
  // Warm lists are composed inline; cold ones are left to the rows fragment (the page does not wait).
  const recommendations = startProductRecommendations(c, product.id, ctx.cartProductIds, { early });
  const path = `/products/${encodeURIComponent(product.handle)}`;
  const description =
    product.seoDescription ??
    (product.description || `${product.title} at ${ctx.chrome.name}.`).slice(0, 160);
  const notice = PRODUCT_NOTICES[c.req.query('notice') ?? ''];
  return c.html(
    <ShopPage
      ctx={ctx}
      title={product.seoTitle ?? product.title}
      description={description}
      path={path}
      scripts={recommendations === 'deferred' ? [VARIANT_SCRIPT, PRODUCT_ROWS_SCRIPT] : [VARIANT_SCRIPT]}
      head={
        <>
          <style dangerouslySetInnerHTML={{ __html: VARIANT_CSS }} />
          <meta property="og:type" content="product" />
          <meta property="og:title" content={product.title} />
          {product.images[0] ? <meta property="og:image" content={product.images[0].url} /> : null}
          <script type="application/ld+json">
            {raw(productJsonLd(product, ctx.currency, ctx.origin + path))}
          </script>
          <ReviewsJsonLd
            c={c}
            product={product}
            url={ctx.origin + path}
            customerId={ctx.shopper?.customerId}
          />
        </>
      }
    >
      <ProductView c={c} ctx={ctx} product={product} notice={notice} />
      <ProductRecommendations c={c} product={product} rows={recommendations} />
      <ProductReviews c={c} ctx={ctx} product={product} />
    </ShopPage>,
  );
}
