/**
 * Closing a store (issue #17, point 6) — spans stores (the closure and the
 * purge), tenancy (the store's status), billing (the subscription), mail and
 * audit, so it is a flow.
 *
 *   close   owner, from /admin/store-data, typing the handle (also while
 *           suspended for billing), or a platform admin (console "Delete
 *           store", reason + handle): the store is
 *           suspended with reason 'closing' (storefront shows "closed",
 *           checkout and the store API refuse), the subscription is cancelled
 *           (Stripe after commit, through the outbox), the owner is e-mailed,
 *           purge date = now + STORE_CLOSE_GRACE_DAYS.
 *   reopen  owner (admin banner) or platform admin ("cancel closing", reason):
 *           the store is active again with everything it had.
 *   sweep, purge   store-purge.ts.
 */

import { storeUrl } from '../lib/config.js';
import { type Trx, withTenant } from '../lib/db/index.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Deps } from '../lib/http/context.js';
import { enqueueOutbox } from '../lib/outbox.js';
import { auditStoreAction, recordAudit } from '../modules/audit/service.js';
import { cancelSubscriptionForClosing } from '../modules/billing/closing.js';
import { assertConfirmed, requireReason } from '../modules/console/tenant-ops.js';
import { enqueueEmail } from '../modules/mail/service.js';
import {
  deleteStoreClosure,
  findStoreClosure,
  insertStoreClosure,
  type StoreClosureRow,
} from '../modules/stores/repository-closing.js';
import { findOwnerEmail } from '../modules/tenancy/repository/memberships.js';
import {
  findTenantRow,
  lockTenantStatus,
  setTenantSuspension,
} from '../modules/tenancy/repository/tenants.js';
import { forgetSite } from '../modules/tenancy/site.js';

export const DAY_MS = 86_400_000;
/** tenants.suspended_reason while a store is closing. */
export const CLOSING_REASON = 'closing';

export interface StoreClosing {
  requestedAt: Date;
  purgeAfter: Date;
  reason: string | null;
}

const toClosing = (r: StoreClosureRow): StoreClosing => ({
  requestedAt: r.requested_at,
  purgeAfter: r.purge_after,
  reason: r.reason,
});

/** The store's closing state, or null when it is not closing. */
export async function getStoreClosing(deps: Deps, tenantId: string): Promise<StoreClosing | null> {
  const row = await withTenant(deps.db, tenantId, (trx) => findStoreClosure(trx, tenantId));
  return row ? toClosing(row) : null;
}

export const dateText = (d: Date) => d.toISOString().slice(0, 10);

/** An e-mail to the store's owner, through the store's outbox (once per dedupe key). */
export async function emailOwner(
  trx: Trx,
  tenantId: string,
  msg: { subject: string; text: string },
  dedupeKey: string,
): Promise<void> {
  const to = await findOwnerEmail(trx, tenantId);
  if (to) await enqueueEmail(trx, tenantId, { to, ...msg }, dedupeKey);
}

/** Who closes: the owner (admin, typed handle) or a platform admin (console "Delete store", reason required). */
export type ClosingActor =
  | { kind: 'owner'; userId: string }
  | { kind: 'platform'; userId: string; ip?: string | undefined };

/**
 * Starts a store's closing — the one way a store is removed: suspended with
 * reason 'closing', subscription cancelled, owner e-mailed, purged after the
 * grace period (or at once with "purge now"). The owner may close an active
 * store or one suspended for billing (it goes back to that suspension if
 * reopened); a platform admin may close any store that is not already closing.
 */
/** A closing step in the store's audit log: by its owner (with a summary) or by a platform admin. */
async function auditClosing(
  trx: Trx,
  tenantId: string,
  actor: ClosingActor,
  entry: { action: string; summary: string; data?: Record<string, unknown> },
): Promise<void> {
  const target = { targetType: 'tenant', targetId: tenantId, ...(entry.data ? { data: entry.data } : {}) };
  if (actor.kind === 'owner')
    await auditStoreAction(trx, tenantId, { type: 'user', id: actor.userId }, entry.action, {
      summary: entry.summary,
      ...target,
    });
  else
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: actor.userId,
      action: entry.action,
      ip: actor.ip,
      ...target,
    });
}

export async function closeStore(
  deps: Deps,
  tenantId: string,
  actor: ClosingActor,
  input: { confirm: string; reason?: string | undefined },
): Promise<StoreClosing> {
  const now = deps.now();
  const reason =
    actor.kind === 'platform'
      ? requireReason(input.reason ?? '')
      : input.reason?.trim()
        ? input.reason.trim().slice(0, 500)
        : null;
  const purgeAfter = new Date(now.getTime() + deps.config.STORE_CLOSE_GRACE_DAYS * DAY_MS);
  const out = await withTenant(deps.db, tenantId, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t) throw notFound('Store');
    assertConfirmed(t.handle, input.confirm);
    if (await findStoreClosure(trx, tenantId))
      throw new AppError('invalid_state', 'This store is already closing');
    const row = await findTenantRow(trx, tenantId);
    const billingSuspended = t.status === 'suspended' && row?.suspended_reason === 'billing';
    // A store suspended by the platform (not for billing) cannot close itself out of a suspension.
    if (actor.kind === 'owner' && t.status !== 'active' && !billingSuspended)
      throw new AppError('invalid_state', 'This store is suspended; contact support to close it');
    const closure = await insertStoreClosure(trx, {
      tenantId,
      requestedBy: actor.userId,
      reason,
      now,
      purgeAfter,
      // Whatever suspension it was in comes back if the closing is cancelled.
      resumeSuspendedReason:
        t.status === 'suspended' ? (row?.suspended_reason ?? 'suspended').slice(0, 500) : null,
    });
    await setTenantSuspension(trx, tenantId, { suspend: true, reason: CLOSING_REASON, now });
    await cancelSubscriptionForClosing(trx, tenantId, now);
    await auditClosing(trx, tenantId, actor, {
      action: 'store.closing_started',
      summary: `Store closing started; data deleted after ${dateText(purgeAfter)}`,
      data: { purgeAfter: purgeAfter.toISOString(), reason },
    });
    await enqueueOutbox(trx, tenantId, {
      topic: 'tenant.suspended',
      payload: { tenantId, handle: t.handle, reason: CLOSING_REASON, at: now.toISOString() },
    });
    const admin = `${storeUrl(deps.config, t.handle)}/admin/store-data`;
    await emailOwner(
      trx,
      tenantId,
      {
        subject: `Your store ${t.handle} is closing`,
        text:
          (actor.kind === 'owner'
            ? `You closed your Storeloom store ${t.handle}. `
            : `Storeloom closed your store ${t.handle} (reason: ${reason}). `) +
          `Shoppers now see a "closed" page and no orders are taken; ` +
          `your subscription is cancelled and you will not be billed again.\n\n` +
          `All of the store's data will be deleted for good after ${dateText(purgeAfter)}. Until then you can ` +
          `download it or reopen the store at ${admin}.`,
      },
      `closing-started:${now.getTime()}`,
    );
    return { handle: t.handle, closure };
  });
  forgetSite(out.handle);
  return toClosing(out.closure);
}

/** Reopens a closing store: by its owner, or by a platform admin ("cancel closing", reason required). */
export async function reopenStore(
  deps: Deps,
  tenantId: string,
  actor:
    | { kind: 'owner'; userId: string }
    | { kind: 'platform'; userId: string; reason: string; ip?: string },
): Promise<void> {
  const now = deps.now();
  const reason = actor.kind === 'platform' ? requireReason(actor.reason) : null;
  const handle = await withTenant(deps.db, tenantId, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t) throw notFound('Store');
    const closure = await deleteStoreClosure(trx, tenantId);
    if (!closure) throw new AppError('invalid_state', 'This store is not closing');
    // Closed while suspended: back to that suspension (for billing the way out is paying).
    const resume = closure.resume_suspended_reason;
    const billing = resume === 'billing';
    await setTenantSuspension(
      trx,
      tenantId,
      resume ? { suspend: true, reason: resume, now } : { suspend: false, now },
    );
    await auditClosing(
      trx,
      tenantId,
      actor,
      actor.kind === 'owner'
        ? { action: 'store.reopened', summary: 'Store reopened (closing cancelled)' }
        : { action: 'store.closing_cancelled', summary: 'Closing cancelled', data: { reason } },
    );
    if (!resume)
      await enqueueOutbox(trx, tenantId, {
        topic: 'tenant.reactivated',
        payload: { tenantId, handle: t.handle, at: now.toISOString() },
      });
    await emailOwner(
      trx,
      tenantId,
      {
        subject: `Your store ${t.handle} is open again`,
        text:
          `Your Storeloom store ${t.handle} is open again with all of its data; it will not be deleted.\n\n` +
          (billing
            ? `It is still suspended for non-payment, as it was before closing: settle the bill at ${storeUrl(deps.config, t.handle)}/admin/billing.`
            : resume
              ? 'It is still suspended by the platform, as it was before closing: contact support to lift the suspension.'
              : `Your previous subscription was cancelled when the store was closed: choose a plan at ${storeUrl(deps.config, t.handle)}/admin/billing.`),
      },
      `closing-reopened:${now.getTime()}`,
    );
    return t.handle;
  });
  forgetSite(handle);
}
