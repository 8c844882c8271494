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
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { emitWebhookEvent } from '../webhooks/service.js';

export interface StockAlert {
  id: string;
  variantId: string;
  sku: string;
  available: number;
  threshold: number;
  status: 'open' | 'resolved';
  createdAt: string;
}

export type Evaluation = 'opened' | 'still_open' | 'resolved' | 'ok' | 'missing';

export async function storeOwnerEmail(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.tenant_id', '=', tenantId)
    .where('m.role', '=', 'owner')
    .orderBy('m.created_at')
    .executeTakeFirst();
  return row?.email;
}

/** Opens, refreshes or resolves the alert of one variant from its current stock. */
export async function evaluateVariantStock(
  trx: Trx,
  tenantId: string,
  variantId: string,
): Promise<Evaluation> {
  if (!isUuid(variantId)) return 'missing';
  const v = await trx
    .selectFrom('variants')
    .select(['id', 'sku', 'stock', 'reserved', 'low_stock_threshold'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .executeTakeFirst();
  if (!v) return 'missing';
  const available = v.stock - v.reserved;
  const threshold = v.low_stock_threshold;
  if (available > threshold) {
    const r = await trx
      .updateTable('stock_alerts')
      .set({ status: 'resolved', resolved_at: new Date(), available })
      .where('tenant_id', '=', tenantId)
      .where('variant_id', '=', variantId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n ? 'resolved' : 'ok';
  }
  const opened = await trx
    .insertInto('stock_alerts')
    .values({ tenant_id: tenantId, variant_id: variantId, sku: v.sku, available, threshold })
    // The partial index's predicate as a literal: with a parameter, a prepared
    // statement's generic plan cannot match it to stock_alerts_open_key.
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'variant_id']).where('status', '=', sql.lit('open')).doNothing(),
    )
    .returning(['id'])
    .executeTakeFirst();
  if (!opened) {
    await trx
      .updateTable('stock_alerts')
      .set({ available, threshold })
      .where('tenant_id', '=', tenantId)
      .where('variant_id', '=', variantId)
      .where('status', '=', 'open')
      .execute();
    return 'still_open';
  }
  await notifyOpened(trx, tenantId, { id: opened.id, variantId, sku: v.sku, available, threshold });
  return 'opened';
}

async function notifyOpened(
  trx: Trx,
  tenantId: string,
  a: { id: string; variantId: string; sku: string; available: number; threshold: number },
): Promise<void> {
  const to = await storeOwnerEmail(trx, tenantId);
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
  const low = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`stock - reserved <= low_stock_threshold`)
    .execute();
  const open = await trx
    .selectFrom('stock_alerts')
    .select('variant_id as id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .execute();
  const ids = [...new Set([...low, ...open].map((r) => r.id))];
  const counts: Record<Evaluation, number> = { opened: 0, still_open: 0, resolved: 0, ok: 0, missing: 0 };
  for (const id of ids) counts[await evaluateVariantStock(trx, tenantId, id)]++;
  return counts;
}

/** Once a day: one email listing open alerts (keyed by date, so a re-run sends nothing twice). */
export async function sendAlertDigest(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const open = await listAlerts(trx, tenantId, { status: 'open', limit: 200 });
  if (open.length === 0) return 0;
  const to = await storeOwnerEmail(trx, tenantId);
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
  let q = trx
    .selectFrom('stock_alerts')
    .select(['id', 'variant_id', 'sku', 'available', 'threshold', 'status', 'created_at'])
    .where('tenant_id', '=', tenantId);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    variantId: r.variant_id,
    sku: r.sku,
    available: r.available,
    threshold: r.threshold,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}
