/**
 * Admin pages for reviews (staff+): GET /admin/reviews?status= (moderation
 * queue, newest first; held reason shown), POST …/:id/publish, …/:id/reject,
 * …/:id/reply (the public reply under the review; empty removes it).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listReviewsForModeration, moderateReview, replyToReview } from '../../modules/reviews/moderation.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { Stars } from '../storefront/stars.js';
import { CareNav, noticeOf, shortTime } from './care-common.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;
const STATUSES = ['pending', 'published', 'rejected'] as const;

async function reviewsPage(c: C, error?: string) {
  const status = STATUSES.find((s) => s === c.req.query('status')) ?? 'pending';
  const cursor = c.req.query('cursor');
  const page = await listReviewsForModeration(c.get('deps').db, storeOf(c).id, {
    status,
    cursor: cursor || undefined,
  });
  return adminPage(
    c,
    { title: 'Reviews', current: 'care', notice: noticeOf(c), error, status: error ? 400 : 200 },
    <>
      <CareNav current="/admin/reviews" />
      <nav class="care-nav" aria-label="Review status">
        {STATUSES.map((s) => (
          <a href={`/admin/reviews?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {s}
          </a>
        ))}
      </nav>
      {page.items.length === 0 ? <p>No {status} reviews.</p> : null}
      {page.items.map((r) => (
        <article class="card review-card" id={`review-${r.id}`}>
          <p>
            <Stars value={r.rating} label={`${r.rating} out of 5 stars`} /> on{' '}
            <a href={`/products/${encodeURIComponent(r.product.handle)}`}>{r.product.title}</a> · {r.author}
            {r.verifiedPurchase ? ' · verified purchase' : ''} · {shortTime(r.createdAt)}
            {r.heldReason ? (
              <>
                {' '}
                · <span class="badge danger">held: {r.heldReason}</span>
              </>
            ) : null}
          </p>
          {r.title ? <h3>{r.title}</h3> : null}
          <p style="white-space:pre-wrap">{r.body}</p>
          <div class="row-actions">
            {r.status !== 'published' ? (
              <form method="post" action={`/admin/reviews/${r.id}/publish`}>
                {csrfInput(c)}
                <button class="btn" type="submit">
                  Publish
                </button>
              </form>
            ) : null}
            {r.status !== 'rejected' ? (
              <form method="post" action={`/admin/reviews/${r.id}/reject`}>
                {csrfInput(c)}
                <button class="btn btn-secondary" type="submit">
                  Reject
                </button>
              </form>
            ) : null}
          </div>
          <form class="care-form" method="post" action={`/admin/reviews/${r.id}/reply`}>
            {csrfInput(c)}
            <input type="hidden" name="status" value={status} />
            <label for={`reply-${r.id}`}>Public reply</label>
            <textarea id={`reply-${r.id}`} name="body" maxlength={5000}>
              {r.reply?.body ?? ''}
            </textarea>
            <button class="btn btn-secondary" type="submit">
              Save reply
            </button>
          </form>
        </article>
      ))}
      {page.nextCursor ? (
        <p>
          <a href={`/admin/reviews?status=${status}&cursor=${encodeURIComponent(page.nextCursor)}`}>
            Older reviews →
          </a>
        </p>
      ) : null}
    </>,
  );
}

function moderate(action: 'publish' | 'reject') {
  return async (c: C) => {
    await moderateReview(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '', action);
    return c.redirect(
      `/admin/reviews?status=pending&notice=${action === 'publish' ? 'published' : 'rejected'}`,
      303,
    );
  };
}

async function replyAction(c: C) {
  const v = await readForm(c);
  const status = STATUSES.find((s) => s === v.status) ?? 'pending';
  try {
    await replyToReview(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '', { body: v.body ?? '' });
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) throw err;
    return reviewsPage(c, f.errors.body ?? f.message);
  }
  return c.redirect(`/admin/reviews?status=${status}&notice=reply`, 303);
}

export const careReviewsAdminPages = new Hono<AppEnv>();
careReviewsAdminPages.get('/admin/reviews', ...adminGuard('staff'), (c) => reviewsPage(c));
careReviewsAdminPages.post('/admin/reviews/:id/publish', ...adminGuard('staff'), moderate('publish'));
careReviewsAdminPages.post('/admin/reviews/:id/reject', ...adminGuard('staff'), moderate('reject'));
careReviewsAdminPages.post('/admin/reviews/:id/reply', ...adminGuard('staff'), replyAction);
