/**
 * Form posts of the reviews section (store host, signed-in shopper, CSRF):
 *   POST /products/:handle/reviews   post a review → back to the product page, or the
 *                                    form again with the message next to the field, keeping what was typed
 *   GET  /reviews/request?token=     the review-request e-mail's page (signed link)
 *   POST /reviews/:id/helpful        one helpful vote → back to where the shopper was
 */
import type { Context } from 'hono';
import { safeNext } from '../../http/session.js';
import { verifyLink } from '../../lib/auth/signed-links.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { getStoreProduct } from '../../modules/catalog/store-service.js';
import { reviewRequestProducts } from '../../modules/reviews/requests.js';
import { postReview, voteHelpful } from '../../modules/reviews/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { notFoundPage } from './catalog-pages.js';
import { findActiveProduct, shopperOf } from './data.js';
import { pageContext, ShopPage } from './page.js';
import { ReviewForm } from './reviews.js';

type C = Context<AppEnv>;

export async function postReviewAction(c: C) {
  const ctx = await pageContext(c);
  const handle = (c.req.param('handle') ?? '').toLowerCase();
  const product = await findActiveProduct(ctx.deps, storeOf(c), handle);
  if (!product) return notFoundPage(c, ctx);
  const back = `/products/${encodeURIComponent(product.handle)}`;
  if (!ctx.shopper)
    return c.redirect(`/account/login?next=${encodeURIComponent(`${back}#write-review`)}`, 303);
  const values = await readForm(c);
  try {
    const out = await postReview(ctx.deps, storeOf(c).id, {
      customerId: ctx.shopper.customerId,
      productId: product.id,
      ip: clientIp(c) ?? 'unknown',
      review: {
        rating: Number(values.rating ?? 0),
        title: values.title?.trim() ? values.title : undefined,
        body: values.body ?? '',
      },
    });
    return c.redirect(`${back}?notice=review_${out.status}#reviews`, 303);
  } catch (err) {
    const f = formFailure(c, err);
    return c.html(
      <ShopPage ctx={ctx} title={`Review ${product.title}`} path={`${back}/reviews`} noindex>
        <p>
          <a href={back}>← {product.title}</a>
        </p>
        <ReviewForm c={c} handle={product.handle} state={{ values, errors: f.errors, message: f.message }} />
      </ShopPage>,
      f.status,
    );
  }
}

export async function helpfulAction(c: C) {
  const values = await readForm(c);
  const back = safeNext(values.back, '/');
  const shopper = shopperOf(c);
  if (!shopper) return c.redirect(`/account/login?next=${encodeURIComponent(back)}`, 303);
  await voteHelpful(c.get('deps').db, storeOf(c).id, {
    reviewId: c.req.param('id') ?? '',
    customerId: shopper.customerId,
  });
  return c.redirect(
    `${back.replace('#reviews', '') + (back.includes('?') ? '&' : '?')}notice=helpful#reviews`,
    303,
  );
}

/** GET /reviews/request?token=: the review-request e-mail's page — the order's products, each with a link to review it. */
export async function reviewRequestPage(c: C) {
  const ctx = await pageContext(c);
  const store = storeOf(c);
  const orderId = await verifyLink(ctx.deps.keys, store.id, 'review', c.req.query('token') ?? '');
  if (!orderId) return notFoundPage(c, ctx);
  const items = await reviewRequestProducts(ctx.deps, store.id, orderId);
  const products = (
    await Promise.all(
      items.map((i) => getStoreProduct(ctx.deps.db, store, i.productId).catch(() => undefined)),
    )
  ).filter((p) => p !== undefined);
  return c.html(
    <ShopPage ctx={ctx} title="Review your order" path="/reviews/request" noindex>
      <h1>How did we do?</h1>
      <p>
        Tell other shoppers what you think of your items{ctx.shopper ? '' : ' (you will be asked to sign in)'}
        .
      </p>
      {products.length === 0 ? (
        <p>These products are no longer in the store.</p>
      ) : (
        <ul>
          {products.map((p) => (
            <li>
              <a href={`/products/${encodeURIComponent(p.handle)}#write-review`}>Review {p.title}</a>
            </li>
          ))}
        </ul>
      )}
    </ShopPage>,
  );
}
