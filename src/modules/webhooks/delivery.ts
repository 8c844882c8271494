/**
 * Delivering one merchant webhook and what follows a failure.
 *
 * Retries: a failed attempt schedules the next one through the outbox
 * (`available_at`), never through the queue's own short retry, so a receiver
 * that is down for a day still gets its events. The gaps double from one
 * minute: 1, 2, 4 … 2048 minutes — 13 attempts over ~68 hours (under 3 days).
 * A delivery that fails its whole schedule is `failed`, and its endpoint is
 * disabled with one email to the store owner (re-enabled from /admin).
 * Any success resets the endpoint's run of failures.
 */

import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { recordWebhookDelivery } from '../../lib/metrics.js';
import { enqueueEmail } from '../mail/service.js';
import { findOwnerEmail } from '../tenancy/repository.js';
import { scheduleDeliveryAttempt } from './events.js';
import * as repo from './repository.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import { postToTarget } from './target.js';

/** Minutes before retry n (index 0 = before the 2nd attempt). */
export const RETRY_DELAYS_MINUTES: readonly number[] = Array.from({ length: 12 }, (_, i) => 2 ** i);
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;

/** When attempt `attempts + 1` is due after `attempts` failed ones, or null when the schedule is spent. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MINUTES[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 60_000);
}

export interface DeliveryOutcome {
  status: 'delivered' | 'retrying' | 'failed' | 'skipped';
  responseStatus?: number;
  nextAttemptAt?: string;
}

export interface DeliverOptions {
  now: () => Date;
  timeoutMs?: number;
  allowPrivateTargets?: boolean;
}

/**
 * POSTs one delivery and records the outcome. Already delivered, or the
 * endpoint disabled/deleted → skipped (an idempotent re-run). Never throws
 * for the receiver's failure: the next attempt is scheduled instead.
 */
export async function deliverWebhook(
  db: Db,
  tenantId: string,
  deliveryId: number,
  opts: DeliverOptions,
): Promise<DeliveryOutcome> {
  const d = await withTenant(db, tenantId, (trx) => repo.findDeliveryWithEndpoint(trx, tenantId, deliveryId));
  if (!d || d.status === 'delivered' || !d.active) return { status: 'skipped' };
  const { responseStatus, error } = await post(d, opts);
  const now = opts.now();
  const outcome = await withTenant(db, tenantId, async (trx): Promise<DeliveryOutcome> => {
    if (!error) {
      await repo.recordDeliveryAttempt(trx, tenantId, deliveryId, {
        responseStatus: responseStatus ?? null,
        lastError: null,
        status: 'delivered',
        deliveredAt: now,
        nextAttemptAt: null,
      });
      await repo.resetEndpointFailures(trx, tenantId, d.endpoint_id);
      return { status: 'delivered', responseStatus };
    }
    return recordFailure(trx, tenantId, d, { responseStatus, error, now });
  });
  if (outcome.status !== 'skipped') recordWebhookDelivery(outcome.status);
  return outcome;
}

async function post(
  d: { url: string; secret: string; payload: unknown },
  opts: DeliverOptions,
): Promise<{ responseStatus?: number; error?: string }> {
  const body = JSON.stringify(d.payload);
  const ts = Math.floor(opts.now().getTime() / 1000);
  try {
    const res = await postToTarget(d.url, {
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(d.secret, ts, body),
        'storeloom-event': String((d.payload as { type?: unknown }).type ?? ''),
      },
      body,
      timeoutMs: opts.timeoutMs ?? 10_000,
      allowPrivate: opts.allowPrivateTargets ?? false,
    });
    if (res.status < 200 || res.status >= 300)
      return { responseStatus: res.status, error: `HTTP ${res.status}` };
    return { responseStatus: res.status };
  } catch (err) {
    return { error: err instanceof Error ? err.message : 'request failed' };
  }
}

async function recordFailure(
  trx: Trx,
  tenantId: string,
  d: { id: number; endpoint_id: string; attempts: number; url: string },
  f: { responseStatus?: number; error: string; now: Date },
): Promise<DeliveryOutcome> {
  const attempts = d.attempts + 1;
  const next = nextAttemptAt(attempts, f.now);
  await repo.recordDeliveryAttempt(trx, tenantId, d.id, {
    responseStatus: f.responseStatus ?? null,
    lastError: f.error.slice(0, 500),
    status: next ? 'pending' : 'failed',
    deliveredAt: null,
    nextAttemptAt: next,
  });
  await repo.countEndpointFailure(trx, tenantId, d.endpoint_id);
  if (next) {
    await scheduleDeliveryAttempt(trx, tenantId, { deliveryId: d.id, key: String(attempts + 1), at: next });
    return { status: 'retrying', responseStatus: f.responseStatus, nextAttemptAt: next.toISOString() };
  }
  await disableEndpoint(trx, tenantId, d, f.now);
  return { status: 'failed', responseStatus: f.responseStatus };
}

/** Disables the endpoint once (a guarded update) and tells the owner by email. */
async function disableEndpoint(
  trx: Trx,
  tenantId: string,
  d: { endpoint_id: string; url: string },
  now: Date,
): Promise<void> {
  const reason = `Deliveries failed for ${MAX_ATTEMPTS} attempts over 3 days`;
  if (!(await repo.disableEndpointRow(trx, tenantId, d.endpoint_id, { at: now, reason }))) return;
  const to = await findOwnerEmail(trx, tenantId);
  if (!to) return;
  await enqueueEmail(
    trx,
    tenantId,
    {
      to,
      subject: 'A webhook endpoint was disabled',
      text:
        `Storeloom could not deliver events to ${d.url}: ${reason}.\n` +
        'The endpoint is disabled and receives no new events. Fix the receiver, then enable it again ' +
        'and redeliver what was missed from Admin → Webhooks.',
    },
    `webhook-disabled:${d.endpoint_id}:${now.toISOString()}`,
  );
}
