/**
 * Reviews, merchant side: the moderation queue (pending / published /
 * rejected), publish, reject, and the merchant's reply shown under a review.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { decodeKeyset, encodeKeyset } from '../../lib/keyset-cursor.js';
import * as repo from './repository.js';
import { type AdminReview, ZReply } from './schemas.js';
import { toReview } from './service.js';

const PAGE = 25;

function toAdminReview(r: Awaited<ReturnType<typeof repo.listByStatus>>[number]): AdminReview {
  return {
    ...toReview(r),
    status: r.status,
    heldReason: r.held_reason,
    product: { id: r.product_id, title: r.product_title, handle: r.product_handle },
  };
}

export function listReviewsForModeration(
  db: Db,
  tenantId: string,
  q: { status?: repo.ReviewStatus; cursor?: string },
): Promise<{ items: AdminReview[]; nextCursor: string | null }> {
  const before = q.cursor ? decodeKeyset(q.cursor) : undefined;
  return withTenant(db, tenantId, async (trx) => {
    const rows = await repo.listByStatus(trx, tenantId, { status: q.status, before, limit: PAGE + 1 });
    const page = rows.slice(0, PAGE);
    const last = page[page.length - 1];
    return {
      items: page.map(toAdminReview),
      nextCursor: rows.length > PAGE && last ? encodeKeyset(last.created_at, last.id) : null,
    };
  });
}

export function moderateReview(
  db: Db,
  tenantId: string,
  id: string,
  action: 'publish' | 'reject',
): Promise<{ id: string; status: repo.ReviewStatus }> {
  if (!isUuid(id)) throw notFound('Review');
  return withTenant(db, tenantId, async (trx) => {
    const r = await repo.setStatus(trx, tenantId, id, action === 'publish' ? 'published' : 'rejected');
    if (!r) throw notFound('Review');
    return { id: r.id, status: r.status };
  });
}

/** Sets (or with an empty body, removes) the merchant's public reply. */
export function replyToReview(
  db: Db,
  tenantId: string,
  id: string,
  input: { body: string },
): Promise<{ id: string; reply: { body: string; createdAt: string } | null }> {
  if (!isUuid(id)) throw notFound('Review');
  const { body } = ZReply.parse(input);
  return withTenant(db, tenantId, async (trx) => {
    const r = await repo.setReply(trx, tenantId, id, body);
    if (!r) throw notFound('Review');
    return {
      id: r.id,
      reply:
        r.reply_body && r.replied_at
          ? { body: r.reply_body, createdAt: new Date(r.replied_at).toISOString() }
          : null,
    };
  });
}

export function reviewAveragesByMonth(db: Db, tenantId: string, months = 12) {
  return withTenant(db, tenantId, (trx) => repo.monthlyAverages(trx, tenantId, months));
}
