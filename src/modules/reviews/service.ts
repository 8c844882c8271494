/**
 * Reviews, shopper side: one review per signed-in shopper and product
 * (1–5 stars, optional title, text), "verified purchase" when they have a
 * paid order line of the product, held for moderation by the store's setting
 * or always when the text has a link or a blocked word; helpful votes (one per
 * shopper); the product's summary (average, count, histogram) and pages of
 * published reviews. A new review is announced as `review.created` to the
 * merchant's webhooks in the same transaction.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { holdReason, readCareSettings } from '../care-settings/service.js';
import { findCustomerProfile } from '../customers/repository.js';
import { hasPaidLineOfProduct } from '../orders/repository.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import * as repo from './repository.js';
import { type PostReviewInput, type Review, type ReviewSummary, ZPostReview } from './schemas.js';

export const REVIEWS_PAGE_SIZE = 10;
const MAX_PAGES = 100;
export const REVIEW_LIMITS = { perShopperPerHour: 5, perIpPerHour: 20 };

const iso = (d: Date | string) => new Date(d).toISOString();

export function toReview(r: repo.ReviewRow): Review {
  return {
    id: r.id,
    rating: r.rating,
    title: r.title,
    body: r.body,
    author: r.author,
    verifiedPurchase: r.verified,
    helpful: r.helpful_count,
    createdAt: iso(r.created_at),
    ...(r.reply_body && r.replied_at ? { reply: { body: r.reply_body, createdAt: iso(r.replied_at) } } : {}),
  };
}

/** "Ada L." from a customer's name, else the e-mail's local part's first letters. */
export function authorName(name: string | null, email: string): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length >= 2) return `${parts[0]} ${parts[parts.length - 1]![0]!.toUpperCase()}.`.slice(0, 80);
  if (parts.length === 1) return parts[0]!.slice(0, 80);
  return `${email.split('@')[0]!.slice(0, 2)}…`;
}

export function decodePageCursor(cursor: string | undefined): number {
  if (!cursor) return 1;
  const n = Number(cursor);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGES) {
    throw new AppError('validation_failed', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'Not a cursor from this list' }],
    });
  }
  return n;
}

export interface ReviewPage {
  summary: ReviewSummary;
  items: Review[];
  nextCursor: string | null;
  page: number;
  /** Review ids the viewing shopper already found helpful. */
  voted: string[];
  /** True when the viewing shopper has already reviewed this product (any status). */
  reviewed: boolean;
}

/** Summary and one page of a product's published reviews, in one tenant transaction. */
export function listProductReviews(
  db: Db,
  tenantId: string,
  productId: string,
  q: { cursor?: string; sort?: repo.ReviewSort; customerId?: string },
): Promise<ReviewPage> {
  const page = decodePageCursor(q.cursor);
  return withTenant(db, tenantId, async (trx) => {
    const [summary, rows] = await Promise.all([
      repo.summarise(trx, tenantId, productId),
      repo.listPublished(trx, tenantId, productId, {
        sort: q.sort ?? 'newest',
        offset: (page - 1) * REVIEWS_PAGE_SIZE,
        limit: REVIEWS_PAGE_SIZE + 1,
      }),
    ]);
    const items = rows.slice(0, REVIEWS_PAGE_SIZE);
    const voted = q.customerId
      ? await repo.votedIds(
          trx,
          tenantId,
          q.customerId,
          items.map((r) => r.id),
        )
      : new Set<string>();
    const mine = q.customerId ? await repo.findReviewBy(trx, tenantId, productId, q.customerId) : undefined;
    return {
      summary: {
        average: summary.average === null ? null : Math.round(summary.average * 10) / 10,
        count: summary.count,
        histogram: summary.histogram,
      },
      items: items.map(toReview),
      nextCursor: rows.length > REVIEWS_PAGE_SIZE && page < MAX_PAGES ? String(page + 1) : null,
      page,
      voted: [...voted],
      reviewed: mine !== undefined,
    };
  });
}

/** Average and count per product handle (published reviews), for product cards. */
export async function ratingsForHandles(
  db: Db,
  tenantId: string,
  handles: readonly string[],
): Promise<Map<string, { average: number; count: number }>> {
  const wanted = handles.filter((h) => h.length > 0 && h.length <= 200).map((h) => h.toLowerCase());
  if (wanted.length === 0) return new Map();
  const rows = await withTenant(db, tenantId, (trx) => repo.summariseByHandles(trx, tenantId, wanted));
  return new Map(rows.map((r) => [r.handle, { average: r.average, count: r.count }]));
}

/**
 * Posts a shopper's review. Bad input → 400; a second review → 409
 * already_reviewed; no purchase where the store requires one → 403
 * not_purchased; too many → 429. Nothing is written on any of these.
 */
export async function postReview(
  deps: Deps,
  tenantId: string,
  input: { customerId: string; productId: string; ip: string; review: PostReviewInput },
): Promise<{ id: string; status: 'pending' | 'published' }> {
  const r = ZPostReview.parse(input.review);
  const limiter = rateLimiterFor(deps);
  await enforceRateLimit(limiter, `review:ip:${tenantId}:${input.ip}`, REVIEW_LIMITS.perIpPerHour, 3600);
  await enforceRateLimit(
    limiter,
    `review:shopper:${tenantId}:${input.customerId}`,
    REVIEW_LIMITS.perShopperPerHour,
    3600,
  );
  return withTenant(deps.db, tenantId, async (trx) => {
    if (await repo.findReviewBy(trx, tenantId, input.productId, input.customerId)) {
      throw new AppError('already_reviewed', 'You have already reviewed this product');
    }
    const [settings, verified, customer] = await Promise.all([
      readCareSettings(trx, tenantId),
      hasPaidLineOfProduct(trx, tenantId, input.customerId, input.productId),
      findCustomerProfile(trx, tenantId, input.customerId),
    ]);
    if (!customer) throw new AppError('unauthenticated', 'Sign in to your account');
    if (settings.reviewRequiresPurchase && !verified) {
      throw new AppError('not_purchased', 'Only shoppers who bought this product can review it');
    }
    const held = holdReason(`${r.title ?? ''}\n${r.body}`, settings.blockList);
    const status = held || settings.reviewModeration === 'hold' ? 'pending' : 'published';
    const row = await repo.insertReview(trx, tenantId, {
      product_id: input.productId,
      customer_id: input.customerId,
      author: authorName(customer.name, customer.email),
      rating: r.rating,
      title: r.title || null,
      body: r.body,
      verified,
      status,
      held_reason: held,
    });
    if (!row) throw new AppError('already_reviewed', 'You have already reviewed this product');
    await emitWebhookEvent(trx, tenantId, {
      topic: 'review.created',
      eventId: `evt_review_${row.id}`,
      data: {
        reviewId: row.id,
        productId: row.product_id,
        rating: row.rating,
        status,
        verifiedPurchase: verified,
      },
    });
    return { id: row.id, status };
  });
}

/** A shopper finds a published review helpful: once per shopper (a repeat changes nothing). */
export function voteHelpful(
  db: Db,
  tenantId: string,
  input: { reviewId: string; customerId: string },
): Promise<{ counted: boolean }> {
  if (!isUuid(input.reviewId)) throw notFound('Review');
  return withTenant(db, tenantId, async (trx) => {
    const r = await repo.findReview(trx, tenantId, input.reviewId);
    if (r?.status !== 'published') throw notFound('Review');
    return { counted: await repo.addVote(trx, tenantId, input.reviewId, input.customerId) };
  });
}
