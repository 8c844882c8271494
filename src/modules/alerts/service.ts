/**
 * Low-stock alerts. A variant whose available stock (stock − reserved) is at
 * or below its `low_stock_threshold` has exactly ONE open alert: the partial
 * unique index `stock_alerts_open_key` makes a second concurrent opener a
 * no-op (INSERT … ON CONFLICT DO NOTHING waits for the first and then skips).
 * Stock above the threshold resolves it. Opening an alert notifies, in the
 * same transaction: an email to the store owner (outbox `email.send`) and a
 * signed `stock.low` merchant webhook when an endpoint subscribes.
 *
 * Events may arrive late or out of order, so the CURRENT row decides, never
 * the event payload: evaluating twice gives the same result.
 *
 * The functions taking a `Trx` run in the caller's transaction; the ones
 * taking a `Db` at the bottom are the transaction owners every surface calls.
 */
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import {
  findStoreOwnerEmail,
  findVariantStock,
  insertOpenAlert,
  listAlertRows,
  listLowVariantIds,
  listOpenAlertVariantIds,
  refreshOpenAlert,
  resolveOpenAlert,
  type StockAlert,
} from './repository.js';

export type { StockAlert };

export type Evaluation = 'opened' | 'still_open' | 'resolved' | 'ok' | 'missing';

/** Opens, refreshes or resolves the alert of one variant from its current stock. */
export async function evaluateVariantStock(
  trx: Trx,
  tenantId: string,
  variantId: string,
): Promise<Evaluation> {
  if (!isUuid(variantId)) return 'missing';
  const v = await findVariantStock(trx, tenantId, variantId);
  if (!v) return 'missing';
  const available = v.stock - v.reserved;
  const threshold = v.low_stock_threshold;
  if (available > threshold) {
    return (await resolveOpenAlert(trx, tenantId, variantId, available)) ? 'resolved' : 'ok';
  }
  const id = await insertOpenAlert(trx, tenantId, { variantId, sku: v.sku, available, threshold });
  if (!id) {
    await refreshOpenAlert(trx, tenantId, variantId, { available, threshold });
    return 'still_open';
  }
  await notifyOpened(trx, tenantId, { id, variantId, sku: v.sku, available, threshold });
  return 'opened';
}

async function notifyOpened(
  trx: Trx,
  tenantId: string,
  a: { id: string; variantId: string; sku: string; available: number; threshold: number },
): Promise<void> {
  const to = await findStoreOwnerEmail(trx, tenantId);
  if (to) {
    await enqueueOutbox(trx, tenantId, {
      topic: 'email.send',
      dedupeKey: `alert-email:${a.id}`,
      payload: {
        to,
        subject: `Low stock: ${a.sku} (${a.available} left)`,
        text: `${a.sku} has ${a.available} available, at or below its threshold of ${a.threshold}.\nPlan a restock from Admin → Restock.`,
      },
    });
  }
  await emitWebhookEvent(trx, tenantId, {
    topic: 'stock.low',
    eventId: `stock.low:${a.id}`,
    data: {
      alertId: a.id,
      variantId: a.variantId,
      sku: a.sku,
      available: a.available,
      threshold: a.threshold,
    },
  });
}

/** The daily sweep: every variant at or below threshold and every open alert is (re)evaluated. */
export async function sweepStockAlerts(trx: Trx, tenantId: string): Promise<Record<Evaluation, number>> {
  const low = await listLowVariantIds(trx, tenantId);
  const open = await listOpenAlertVariantIds(trx, tenantId);
  const ids = [...new Set([...low, ...open])];
  const counts: Record<Evaluation, number> = { opened: 0, still_open: 0, resolved: 0, ok: 0, missing: 0 };
  for (const id of ids) counts[await evaluateVariantStock(trx, tenantId, id)]++;
  return counts;
}

/** Once a day: one email listing open alerts (keyed by date, so a re-run sends nothing twice). */
export async function sendAlertDigest(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const open = await listAlerts(trx, tenantId, { status: 'open', limit: 200 });
  if (open.length === 0) return 0;
  const to = await findStoreOwnerEmail(trx, tenantId);
  if (!to) return 0;
  const day = now.toISOString().slice(0, 10);
  const lines = open.map((a) => `- ${a.sku}: ${a.available} available (threshold ${a.threshold})`);
  await enqueueOutbox(trx, tenantId, {
    topic: 'email.send',
    dedupeKey: `alert-digest:${day}`,
    payload: {
      to,
      subject: `Low-stock digest ${day}: ${open.length} item${open.length === 1 ? '' : 's'}`,
      text: `Items at or below their threshold:\n${lines.join('\n')}`,
    },
  });
  return open.length;
}

export async function listAlerts(
  trx: Trx,
  tenantId: string,
  opts: { status?: 'open' | 'resolved'; limit?: number } = {},
): Promise<StockAlert[]> {
  return listAlertRows(trx, tenantId, opts);
}

/** A `stock.changed` event: one variant re-evaluated in its own transaction. */
export const evaluateStockChange = (db: Db, tenantId: string, variantId: string) =>
  withTenant(db, tenantId, (trx) => evaluateVariantStock(trx, tenantId, variantId));

export const sweepStoreAlerts = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => sweepStockAlerts(trx, tenantId));

/** The daily job: sweep, then the digest email, in one transaction. */
export const runDailyAlerts = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, async (trx) => {
    const swept = await sweepStockAlerts(trx, tenantId);
    const digest = await sendAlertDigest(trx, tenantId, now);
    return { swept, digest };
  });

export const listStoreAlerts = (
  db: Db,
  tenantId: string,
  opts: { status?: 'open' | 'resolved'; limit?: number } = {},
) => withTenant(db, tenantId, (trx) => listAlerts(trx, tenantId, opts));
