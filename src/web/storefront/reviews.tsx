/**
 * Reviews on the storefront, dropped into the storefront engineer's pages
 * with one line each (async components):
 *   <ProductReviews c ctx product />   the product page's reviews section: average,
 *       count, histogram, sorted pages (newest / most helpful / rating), merchant
 *       replies, helpful votes and the write-a-review form (signed-in shoppers);
 *   <ReviewsJsonLd c product url />    AggregateRating + Review JSON-LD in <head>;
 * Every text from a shopper is rendered as text by JSX escaping.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { Review } from '../../modules/reviews/schemas.js';
import { listProductReviews, type ReviewPage } from '../../modules/reviews/service.js';
import { Notice } from './components.js';
import type { PageContext } from './page.js';
import { Stars } from './stars.js';

type C = Context<AppEnv>;
const SORTS = {
  newest: 'Newest',
  helpful: 'Most helpful',
  rating_desc: 'Highest rating',
  rating_asc: 'Lowest rating',
} as const;
type Sort = keyof typeof SORTS;

export const REVIEW_NOTICES: Record<string, string> = {
  review_published: 'Thank you! Your review is published.',
  review_pending: 'Thank you! Your review will appear once the store has approved it.',
  helpful: 'Thanks for your vote.',
};

const REVIEWS_CSS = `
.stars{color:#b7791f;letter-spacing:.05em;white-space:nowrap}
.reviews{margin-top:2.5rem;border-top:1px solid var(--c-border);padding-top:1.5rem}
.reviews-head{display:grid;gap:1.5rem}@media(min-width:52rem){.reviews-head{grid-template-columns:16rem minmax(0,1fr)}}
.histogram{list-style:none;padding:0;margin:.5rem 0}.histogram li{display:grid;grid-template-columns:3.2rem 1fr 2.5rem;gap:.5rem;align-items:center;font-size:.9rem}
.histogram meter{width:100%;height:.7rem}
.review{border-bottom:1px solid var(--c-border);padding:1rem 0;overflow-wrap:anywhere}.review h3{margin:.2rem 0;font-size:1rem}
.review .meta{font-size:.85rem;color:var(--c-muted)}.review .reply{margin:.6rem 0 0 1rem;padding:.6rem .8rem;border-left:3px solid var(--c-accent);background:var(--c-surface)}
.review-form textarea{width:100%;min-height:7rem;box-sizing:border-box}.review-form input[type=text]{width:100%;box-sizing:border-box}
.star-pick{border:0;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem}.star-pick legend{font-weight:600;margin-bottom:.3rem}
`;

function ReviewItem(props: { c: C; r: Review; voted: boolean; signedIn: boolean; back: string }) {
  const { r } = props;
  return (
    <article class="review" id={`review-${r.id}`}>
      <Stars value={r.rating} label={`${r.rating} out of 5 stars`} />
      {r.title ? <h3>{r.title}</h3> : null}
      <p class="meta">
        {r.author}
        {r.verifiedPurchase ? <strong> · Verified purchase</strong> : null} ·{' '}
        <time datetime={r.createdAt}>{r.createdAt.slice(0, 10)}</time>
      </p>
      {r.body.split(/\n{2,}/).map((para) => (
        <p>{para}</p>
      ))}
      {r.reply ? (
        <div class="reply">
          <strong>Reply from the store</strong>
          <p>{r.reply.body}</p>
        </div>
      ) : null}
      <p class="meta">
        {r.helpful > 0 ? `${r.helpful} found this helpful. ` : ''}
        {props.signedIn && !props.voted ? (
          <form class="inline" method="post" action={`/reviews/${r.id}/helpful`}>
            {csrfInput(props.c)}
            <input type="hidden" name="back" value={props.back} />
            <button class="btn btn-secondary" type="submit">
              Helpful
            </button>
          </form>
        ) : props.voted ? (
          'You found this helpful.'
        ) : null}
      </p>
    </article>
  );
}

function Summary(props: { page: ReviewPage }) {
  const s = props.page.summary;
  if (s.count === 0) return <p>No reviews yet — be the first to share what you think.</p>;
  return (
    <div>
      <p>
        <Stars value={s.average ?? 0} /> <strong id="review-average">{(s.average ?? 0).toFixed(1)}</strong>{' '}
        out of 5
      </p>
      <p id="review-count">
        {s.count} review{s.count === 1 ? '' : 's'}
      </p>
      <ul class="histogram" aria-label="Ratings">
        {[5, 4, 3, 2, 1].map((star) => (
          <li>
            <span>{star} star</span>
            <meter min={0} max={s.count} value={s.histogram[star - 1] ?? 0} aria-label={`${star} star`} />
            <span>{s.histogram[star - 1] ?? 0}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface ReviewFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

export function ReviewForm(props: { c: C; handle: string; state?: ReviewFormState }) {
  const v = props.state?.values ?? {};
  const e = props.state?.errors ?? {};
  return (
    <form
      class="review-form"
      method="post"
      action={`/products/${encodeURIComponent(props.handle)}/reviews`}
      id="write-review"
    >
      <h3>Write a review</h3>
      {props.state?.message ? <Notice kind="error">{props.state.message}</Notice> : null}
      {csrfInput(props.c)}
      <fieldset class="star-pick" aria-describedby={e.rating ? 'rating-error' : undefined}>
        <legend>Your rating</legend>
        {[5, 4, 3, 2, 1].map((n) => (
          <label>
            <input type="radio" name="rating" value={String(n)} checked={v.rating === String(n)} required />{' '}
            {n} ★
          </label>
        ))}
      </fieldset>
      {e.rating ? (
        <p class="error-text" id="rating-error">
          {e.rating}
        </p>
      ) : null}
      <div class="field">
        <label for="review-title">Title (optional)</label>
        <input id="review-title" name="title" type="text" maxlength={150} value={v.title ?? ''} />
        {e.title ? <span class="error-text">{e.title}</span> : null}
      </div>
      <div class="field">
        <label for="review-body">Your review</label>
        <textarea
          id="review-body"
          name="body"
          maxlength={5000}
          required
          aria-invalid={e.body ? 'true' : undefined}
        >
          {v.body ?? ''}
        </textarea>
        {e.body ? <span class="error-text">{e.body}</span> : null}
      </div>
      <button class="btn" type="submit">
        Post review
      </button>
    </form>
  );
}

function queryPage(c: C): { sort: Sort; cursor?: string } {
  const s = c.req.query('reviews_sort');
  const sort: Sort = s && s in SORTS ? (s as Sort) : 'newest';
  const page = c.req.query('reviews_page');
  return { sort, cursor: page && /^\d{1,3}$/.test(page) && page !== '1' ? page : undefined };
}

/** The reviews section of a product page. */
export async function ProductReviews(props: {
  c: C;
  ctx: PageContext;
  product: { id: string; handle: string };
  form?: ReviewFormState;
}) {
  const { c, ctx, product } = props;
  const q = queryPage(c);
  let page: ReviewPage;
  try {
    page = await reviewsOf(c, product.id, { ...q, customerId: ctx.shopper?.customerId });
  } catch {
    page = await listProductReviews(ctx.deps.db, storeOf(c).id, product.id, { sort: q.sort });
  }
  const base = `/products/${encodeURIComponent(product.handle)}`;
  const link = (n: number) => `${base}?reviews_sort=${q.sort}&reviews_page=${n}#reviews`;
  const notice = REVIEW_NOTICES[c.req.query('notice') ?? ''];
  const voted = new Set(page.voted);
  return (
    <section class="reviews" id="reviews" aria-labelledby="reviews-heading">
      <style dangerouslySetInnerHTML={{ __html: REVIEWS_CSS }} />
      <h2 id="reviews-heading">Customer reviews</h2>
      {notice ? <Notice>{notice}</Notice> : null}
      <div class="reviews-head">
        <div>
          <Summary page={page} />
          {ctx.shopper && page.reviewed ? (
            <p id="already-reviewed">You have reviewed this product — thank you.</p>
          ) : ctx.shopper ? (
            <ReviewForm c={c} handle={product.handle} state={props.form} />
          ) : (
            <p>
              <a href={`/account/login?next=${encodeURIComponent(`${base}#write-review`)}`}>
                Sign in to write a review
              </a>
            </p>
          )}
        </div>
        <div>
          {page.summary.count > 1 ? (
            <form method="get" action={`${base}#reviews`} class="toolbar">
              <div class="field">
                <label for="reviews-sort">Sort reviews</label>
                <select id="reviews-sort" name="reviews_sort">
                  {Object.entries(SORTS).map(([k, label]) => (
                    <option value={k} selected={k === q.sort}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <button class="btn btn-secondary" type="submit">
                Sort
              </button>
            </form>
          ) : null}
          {page.items.map((r) => (
            <ReviewItem c={c} r={r} voted={voted.has(r.id)} signedIn={!!ctx.shopper} back={link(page.page)} />
          ))}
          {page.page > 1 || page.nextCursor ? (
            <nav class="pager" aria-label="Review pages">
              {page.page > 1 ? <a href={link(page.page - 1)}>← Newer page</a> : null}
              {page.nextCursor ? <a href={link(page.page + 1)}>More reviews →</a> : null}
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** AggregateRating and the first page of Reviews as JSON-LD (`<` escaped so the JSON cannot close the script). */
export async function ReviewsJsonLd(props: {
  c: C;
  product: { id: string; title: string };
  url: string;
  /** The signed-in shopper the page's reviews section reads for (their votes): the same read then. */
  customerId?: string;
}) {
  // The first page, newest first: the reviews section's own read when it shows that page.
  const page = await reviewsOf(props.c, props.product.id, { sort: 'newest', customerId: props.customerId });
  if (page.summary.count === 0) return null;
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: props.product.title,
    url: props.url,
    aggregateRating: {
      '@type': 'AggregateRating',
      ratingValue: page.summary.average,
      reviewCount: page.summary.count,
      bestRating: 5,
      worstRating: 1,
    },
    review: page.items.map((r) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: r.author },
      datePublished: r.createdAt.slice(0, 10),
      name: r.title ?? undefined,
      reviewBody: r.body,
      reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 5, worstRating: 1 },
    })),
  };
  return <script type="application/ld+json">{raw(JSON.stringify(data).replace(/</g, '\\u003c'))}</script>;
}

const getDeps = (c: C) => c.get('deps');

/** Each request's review reads by product and page asked (the JSON-LD and the section share one). */
const reads = new WeakMap<C, Map<string, Promise<ReviewPage>>>();

/** A page of the product's reviews, read once per request whoever on the page asks for it. */
function reviewsOf(
  c: C,
  productId: string,
  q: { sort: Sort; cursor?: string; customerId?: string },
): Promise<ReviewPage> {
  let asked = reads.get(c);
  if (!asked) {
    asked = new Map();
    reads.set(c, asked);
  }
  const key = `${productId}|${q.sort}|${q.cursor ?? ''}|${q.customerId ?? ''}`;
  let read = asked.get(key);
  if (!read) {
    read = listProductReviews(getDeps(c).db, storeOf(c).id, productId, q);
    asked.set(key, read);
  }
  return read;
}
