/**
 * The review request: when an order is fulfilled, one e-mail is written to
 * the outbox to go out `reviewRequestDays` later (0 = off), with a signed
 * link to a page listing the order's products to review. Once per order
 * (outbox dedupe key), so a re-run of the fulfilled event writes nothing twice.
 */
import { signLink } from '../../lib/auth/signed-links.js';
import { storeUrl } from '../../lib/config.js';
import { isUuid, withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { readCareSettings } from '../care-settings/service.js';
import { EMAIL_TOPIC, ZEmailMessage } from '../mail/service.js';
import { findOrder, orderLines } from '../orders/repository.js';
import { getCurrentTenant } from '../tenancy/repository.js';

const DAY = 86_400_000;

/** Schedules the review request of a fulfilled order; returns true when one was written. */
export async function scheduleReviewRequest(deps: Deps, tenantId: string, orderId: string): Promise<boolean> {
  if (!isUuid(orderId)) return false;
  const token = await signLink(deps.keys, tenantId, 'review', orderId, 90 * 86_400);
  return withTenant(deps.db, tenantId, async (trx) => {
    const [settings, order, tenant] = await Promise.all([
      readCareSettings(trx, tenantId),
      findOrder(trx, tenantId, orderId),
      getCurrentTenant(trx, tenantId),
    ]);
    if (!order || !tenant || settings.reviewRequestDays === 0) return false;
    const lines = await orderLines(trx, tenantId, orderId);
    if (!lines.some((l) => l.product_id)) return false;
    const link = `${storeUrl(deps.config, tenant.handle)}/reviews/request?token=${encodeURIComponent(token)}`;
    const at = new Date(deps.now().getTime() + settings.reviewRequestDays * DAY);
    await enqueueOutbox(trx, tenantId, {
      topic: EMAIL_TOPIC,
      payload: ZEmailMessage.parse({
        to: order.email,
        subject: `How do you like your order from ${tenant.name}?`,
        text: `We hope you enjoy ${lines.map((l) => l.title).join(', ')}.\n\nA few words from you help other shoppers — review your items here:\n${link}`,
      }),
      dedupeKey: `review-request:${orderId}`,
      availableAt: at,
    });
    return true;
  });
}

/** The products of the order behind a review-request link (for the page the link opens). */
export function reviewRequestProducts(deps: Deps, tenantId: string, orderId: string) {
  return withTenant(deps.db, tenantId, async (trx) => {
    const lines = await orderLines(trx, tenantId, orderId);
    const seen = new Set<string>();
    return lines.flatMap((l) =>
      l.product_id && !seen.has(l.product_id) && seen.add(l.product_id)
        ? [{ productId: l.product_id, title: l.title }]
        : [],
    );
  });
}
