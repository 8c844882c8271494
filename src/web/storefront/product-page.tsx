/**
 * `/products/:handle`: one active product of this store — images with alt
 * text, price (compare-at price struck through), stock status, the variant
 * picker as a radio group inside the add-to-cart form (POST /cart/items, no
 * JavaScript needed), and JSON-LD Product data for search engines. Another
 * store's handle, a draft or an archived product is the 404 page.
 */

import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { toDecimalString } from '../../lib/money.js';
import { notFoundPage } from './catalog-pages.js';
import { money, Notice, Price } from './components.js';
import { findActiveProduct, type ProductDetail } from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';
import { ProductPromotion } from './promo-badges.js';
import { ProductRecommendations } from './recommendations.js';
import { ProductReviews, ReviewsJsonLd } from './reviews.js';

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

function ProductView(props: { c: C; ctx: PageContext; product: ProductDetail; notice?: string }) {
  const { product: p, ctx } = props;
  const currency = ctx.currency;
  const wanted = props.c.req.query('variant');
  const selected =
    p.variants.find((v) => v.id === wanted) ?? p.variants.find((v) => v.available > 0) ?? p.variants[0];
  const anyInStock = p.variants.some((v) => v.available > 0);
  return (
    <>
      <Breadcrumb product={p} />
      <article class="product" aria-labelledby="product-title">
        <Gallery product={p} />
        <div>
          <h1 id="product-title">{p.title}</h1>
          {selected ? (
            <p>
              <Price amount={selected.price} currency={currency} compareAt={selected.compareAtPrice} />
            </p>
          ) : null}
          <ProductPromotion c={props.c} product={p} selectedId={selected?.id} />
          <p id="stock-status" class={anyInStock ? 'stock-in' : 'stock-out'}>
            {!anyInStock
              ? 'Sold out'
              : selected && selected.available > 0 && selected.available <= 5
                ? `In stock — only ${selected.available} left`
                : 'In stock'}
          </p>
          {props.notice ? <Notice kind="error">{props.notice}</Notice> : null}
          <AddToCartForm
            c={props.c}
            product={p}
            selected={selected}
            currency={currency}
            anyInStock={anyInStock}
          />
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

function Gallery(props: { product: ProductDetail }) {
  const p = props.product;
  return (
    <div>
      {p.images.length ? (
        p.images.map((img, i) => (
          <img
            src={img.url}
            alt={img.alt || p.title}
            loading={i === 0 ? 'eager' : 'lazy'}
            width="600"
            height="600"
          />
        ))
      ) : (
        <div class="card muted" role="img" aria-label={`No photo of ${p.title} yet`}>
          No photo yet
        </div>
      )}
    </div>
  );
}

/** POST /cart/items: the variant (a radio group unless there is one) and the quantity. */
function AddToCartForm(props: {
  c: C;
  product: ProductDetail;
  selected: Variant | undefined;
  currency: string;
  anyInStock: boolean;
}) {
  const { product: p, anyInStock } = props;
  return (
    <form method="post" action="/cart/items" aria-describedby="stock-status">
      {csrfInput(props.c)}
      <input type="hidden" name="handle" value={p.handle} />
      {p.variants.length === 1 ? (
        <input type="hidden" name="variantId" value={p.variants[0]!.id} />
      ) : (
        <VariantPicker product={p} selected={props.selected} currency={props.currency} />
      )}
      <div class="field">
        <label for="quantity">Quantity</label>
        <input class="qty" id="quantity" name="quantity" type="number" min="1" max="100" value="1" required />
      </div>
      <button class="btn" type="submit" disabled={!anyInStock}>
        {anyInStock ? 'Add to cart' : 'Sold out'}
      </button>
    </form>
  );
}

function VariantPicker(props: { product: ProductDetail; selected: Variant | undefined; currency: string }) {
  const { product: p, currency } = props;
  return (
    <fieldset class="group">
      <legend>{p.options[0]?.name ?? 'Option'}</legend>
      {p.variants.map((v) => (
        <div>
          <input
            type="radio"
            id={`variant-${v.id}`}
            name="variantId"
            value={v.id}
            checked={v.id === props.selected?.id}
            disabled={v.available <= 0}
            required
          />{' '}
          <label for={`variant-${v.id}`}>
            {variantLabel(p, v)} — {money(v.price, currency)}
            {v.compareAtPrice != null && v.compareAtPrice > v.price ? (
              <>
                {' '}
                <span class="visually-hidden">was</span>
                <s class="compare-at">{money(v.compareAtPrice, currency)}</s>
              </>
            ) : null}
            {v.available <= 0 ? ' (sold out)' : ''}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export async function productPage(c: C) {
  const ctx = await pageContext(c);
  const handle = (c.req.param('handle') ?? '').toLowerCase();
  const product = await findActiveProduct(ctx.deps, storeOf(c), handle);
  if (!product) return notFoundPage(c, ctx);
  const path = `/products/${encodeURIComponent(product.handle)}`;
  const description = (product.description || `${product.title} at ${ctx.chrome.name}.`).slice(0, 160);
  const notice = PRODUCT_NOTICES[c.req.query('notice') ?? ''];
  return c.html(
    <ShopPage
      ctx={ctx}
      title={product.title}
      description={description}
      path={path}
      head={
        <>
          <meta property="og:type" content="product" />
          <meta property="og:title" content={product.title} />
          {product.images[0] ? <meta property="og:image" content={product.images[0].url} /> : null}
          <script type="application/ld+json">
            {raw(productJsonLd(product, ctx.currency, ctx.origin + path))}
          </script>
          <ReviewsJsonLd c={c} product={product} url={ctx.origin + path} />
        </>
      }
    >
      <ProductView c={c} ctx={ctx} product={product} notice={notice} />
      <ProductRecommendations c={c} product={product} />
      <ProductReviews c={c} ctx={ctx} product={product} />
    </ShopPage>,
  );
}
