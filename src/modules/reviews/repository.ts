/**
 * All SQL for reviews and review_votes (the reviews' one data door).
 * Functions take the transaction first; every query names the tenant.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export type ReviewStatus = 'pending' | 'published' | 'rejected';
export type ReviewSort = 'newest' | 'helpful' | 'rating_desc' | 'rating_asc';

export interface ReviewRow {
  id: string;
  product_id: string;
  customer_id: string | null;
  author: string;
  rating: number;
  title: string | null;
  body: string;
  verified: boolean;
  status: ReviewStatus;
  held_reason: string | null;
  helpful_count: number;
  reply_body: string | null;
  replied_at: Date | null;
  created_at: Date;
}

const COLS = sql`id, product_id, customer_id, author, rating, title, body, verified, status, held_reason,
  helpful_count, reply_body, replied_at, created_at`;

export async function insertReview(
  trx: Trx,
  tenantId: string,
  r: Omit<ReviewRow, 'id' | 'helpful_count' | 'reply_body' | 'replied_at' | 'created_at'>,
): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`
    insert into reviews (tenant_id, product_id, customer_id, author, rating, title, body, verified, status, held_reason)
    values (${tenantId}, ${r.product_id}, ${r.customer_id}, ${r.author}, ${r.rating}, ${r.title}, ${r.body},
      ${r.verified}, ${r.status}, ${r.held_reason})
    on conflict (tenant_id, product_id, customer_id) do nothing
    returning ${COLS}`.execute(trx);
  return rows[0];
}

export async function findReview(trx: Trx, tenantId: string, id: string): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`
    select ${COLS} from reviews where tenant_id = ${tenantId} and id = ${id}`.execute(trx);
  return rows[0];
}

export async function findReviewBy(
  trx: Trx,
  tenantId: string,
  productId: string,
  customerId: string,
): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`
    select ${COLS} from reviews
    where tenant_id = ${tenantId} and product_id = ${productId} and customer_id = ${customerId}`.execute(trx);
  return rows[0];
}

export interface ReviewSummaryRow {
  count: number;
  average: number | null;
  histogram: number[];
}

/** Published reviews of one product: count, average and stars histogram (index-only on the partial index). */
export async function summarise(trx: Trx, tenantId: string, productId: string): Promise<ReviewSummaryRow> {
  const { rows } = await sql<{ rating: number; n: number }>`
    select rating, count(*)::int as n from reviews
    where tenant_id = ${tenantId} and product_id = ${productId} and status = 'published'
    group by rating`.execute(trx);
  const histogram = [0, 0, 0, 0, 0];
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    histogram[r.rating - 1] = r.n;
    count += r.n;
    sum += r.n * r.rating;
  }
  return { count, average: count ? sum / count : null, histogram };
}

const ORDER: Record<ReviewSort, ReturnType<typeof sql>> = {
  newest: sql`created_at desc, id desc`,
  helpful: sql`helpful_count desc, created_at desc, id desc`,
  rating_desc: sql`rating desc, created_at desc, id desc`,
  rating_asc: sql`rating asc, created_at desc, id desc`,
};

/** One page of a product's published reviews (offset pages: at most 50 pages are reachable). */
export async function listPublished(
  trx: Trx,
  tenantId: string,
  productId: string,
  q: { sort: ReviewSort; offset: number; limit: number },
): Promise<ReviewRow[]> {
  const { rows } = await sql<ReviewRow>`
    select ${COLS} from reviews
    where tenant_id = ${tenantId} and product_id = ${productId} and status = 'published'
    order by ${ORDER[q.sort]} limit ${q.limit} offset ${q.offset}`.execute(trx);
  return rows;
}

/** Admin list by status, newest first, keyset on (created_at, id). */
export async function listByStatus(
  trx: Trx,
  tenantId: string,
  q: { status?: ReviewStatus; before?: { at: Date; id: string }; limit: number },
): Promise<(ReviewRow & { product_title: string; product_handle: string })[]> {
  const { rows } = await sql<ReviewRow & { product_title: string; product_handle: string }>`
    select r.id, r.product_id, r.customer_id, r.author, r.rating, r.title, r.body, r.verified, r.status,
      r.held_reason, r.helpful_count, r.reply_body, r.replied_at, r.created_at,
      p.title as product_title, p.handle::text as product_handle
    from reviews r join products p on p.tenant_id = r.tenant_id and p.id = r.product_id
    where r.tenant_id = ${tenantId}
      ${q.status ? sql`and r.status = ${q.status}` : sql``}
      ${q.before ? sql`and (r.created_at, r.id) < (${q.before.at}, ${q.before.id}::uuid)` : sql``}
    order by r.created_at desc, r.id desc limit ${q.limit}`.execute(trx);
  return rows;
}

export async function setStatus(
  trx: Trx,
  tenantId: string,
  id: string,
  status: ReviewStatus,
): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`
    update reviews set status = ${status}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} returning ${COLS}`.execute(trx);
  return rows[0];
}

export async function setReply(
  trx: Trx,
  tenantId: string,
  id: string,
  body: string | null,
): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`
    update reviews set reply_body = ${body}, replied_at = ${body ? sql`now()` : sql`null`}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} returning ${COLS}`.execute(trx);
  return rows[0];
}

/** One vote per shopper: true when this vote is new (and the count went up in the same statement). */
export async function addVote(
  trx: Trx,
  tenantId: string,
  reviewId: string,
  customerId: string,
): Promise<boolean> {
  const { rows } = await sql<{ ok: number }>`
    with v as (
      insert into review_votes (tenant_id, review_id, customer_id) values (${tenantId}, ${reviewId}, ${customerId})
      on conflict do nothing returning review_id
    )
    update reviews set helpful_count = helpful_count + 1
    where tenant_id = ${tenantId} and id in (select review_id from v) returning 1 as ok`.execute(trx);
  return rows.length > 0;
}

export async function votedIds(
  trx: Trx,
  tenantId: string,
  customerId: string,
  reviewIds: readonly string[],
): Promise<Set<string>> {
  if (reviewIds.length === 0) return new Set();
  const { rows } = await sql<{ review_id: string }>`
    select review_id from review_votes where tenant_id = ${tenantId} and customer_id = ${customerId}
      and review_id = any(${reviewIds as string[]}::uuid[])`.execute(trx);
  return new Set(rows.map((r) => r.review_id));
}

/** Monthly published-review averages (admin feedback chart). */
export async function monthlyAverages(trx: Trx, tenantId: string, months: number) {
  const { rows } = await sql<{ month: string; average: number; count: number }>`
    select to_char(date_trunc('month', created_at), 'YYYY-MM') as month, avg(rating)::float8 as average,
      count(*)::int as count
    from reviews where tenant_id = ${tenantId} and status = 'published'
      and created_at >= date_trunc('month', now()) - make_interval(months => ${months - 1})
    group by 1 order by 1`.execute(trx);
  return rows;
}

/** Average and count per product handle (published only), for product cards that know only handles. */
export async function summariseByHandles(
  trx: Trx,
  tenantId: string,
  handles: readonly string[],
): Promise<{ handle: string; average: number; count: number }[]> {
  if (handles.length === 0) return [];
  const { rows } = await sql<{ handle: string; average: number; count: number }>`
    select p.handle::text as handle, avg(r.rating)::float8 as average, count(*)::int as count
    from products p join reviews r on r.tenant_id = p.tenant_id and r.product_id = p.id and r.status = 'published'
    where p.tenant_id = ${tenantId} and p.handle = any(${handles as string[]}::citext[])
    group by p.handle`.execute(trx);
  return rows;
}

/** A template's sample review (no shopper; published) on the product with this handle, if it exists. */
export async function insertSampleReview(
  trx: Trx,
  tenantId: string,
  r: {
    handle: string;
    author: string;
    rating: number;
    title: string | null;
    body: string;
    at: Date;
    reply: string | null;
  },
): Promise<void> {
  await sql`
    insert into reviews (tenant_id, product_id, customer_id, author, rating, title, body, verified, status,
      reply_body, replied_at, created_at, updated_at)
    select ${tenantId}, p.id, null, ${r.author}, ${r.rating}, ${r.title}, ${r.body}, false, 'published',
      ${r.reply}, ${r.reply ? r.at : null}, ${r.at}, ${r.at}
    from products p where p.tenant_id = ${tenantId} and p.handle = ${r.handle}`.execute(trx);
}
