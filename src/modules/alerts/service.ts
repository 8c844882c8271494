/**
 * Low-stock alerts. A variant whose available stock (stock − reserved) is at
 * or below its `low_stock_threshold` has exactly ONE open alert: the partial
 * unique index `stock_alerts_open_key` makes a second concurrent opener a
 * no-op (INSERT … ON CONFLICT DO NOTHING waits for the first and then skips).
 * Stock above the threshold resolves it; so does archiving its product
 * (archived products raise none). Opening notifies (./notify.ts): the
 * `stock.low` webhook at once, the email batched with alerts opened at the
 * same time.
 *
 * Triggers: `stock.changed` (inventory), `product.created`/`product.updated`
 * (catalog: a variant created at or below its threshold, a threshold edited,
 * a product archived) and the daily sweep.
 *
 * Events may arrive late or out of order, so the CURRENT row decides, never
 * the event payload: evaluating twice gives the same result.
 */
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';
import { notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import { loadDailyDemand } from '../restock/repository/planning.js';
import { notifyOpened, sendAlertDigest, sendPendingAlertMail } from './notify.js';
import {
  type AlertListOptions,
  claimUnnotifiedAlerts,
  findVariantStock,
  insertOpenAlert,
  listAlertRows,
  listLowVariantIds,
  listOpenAlertVariantIds,
  listProductVariantIds,
  refreshOpenAlert,
  resolveOpenAlert,
  type StockAlert,
  setAlertAttention,
} from './repository.js';

export type { StockAlert };
export { sendAlertDigest, sendPendingAlertMail };

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
  if (available > threshold || v.product_status === 'archived') {
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

/** A product created or changed: each of its variants evaluated (a variant born low opens its alert now). */
export async function evaluateProductStock(trx: Trx, tenantId: string, productId: string) {
  if (!isUuid(productId)) return [];
  const out: Evaluation[] = [];
  for (const id of await listProductVariantIds(trx, tenantId, productId))
    out.push(await evaluateVariantStock(trx, tenantId, id));
  return out;
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

export async function listAlerts(
  trx: Trx,
  tenantId: string,
  opts: AlertListOptions = {},
): Promise<StockAlert[]> {
  return listAlertRows(trx, tenantId, opts);
}

/** An alert with how many days its available stock lasts at the last 28 days' sales (null: no sales). */
export type AlertView = StockAlert & { daysOfCover: number | null; dailyDemand: number };

const COVER_WINDOW_DAYS = 28;

export async function listAlertViews(
  trx: Trx,
  tenantId: string,
  opts: AlertListOptions & { now: Date; timeZone: string },
): Promise<AlertView[]> {
  const alerts = await listAlertRows(trx, tenantId, opts);
  const from = new Date(opts.now.getTime() - COVER_WINDOW_DAYS * 86_400_000);
  const demand = await loadDailyDemand(trx, tenantId, from, opts.now, opts.timeZone);
  return alerts.map((a) => {
    const sold = [...(demand.get(a.variantId)?.values() ?? [])].reduce((s, n) => s + n, 0);
    const daily = sold / COVER_WINDOW_DAYS;
    return {
      ...a,
      dailyDemand: Math.round(daily * 100) / 100,
      daysOfCover: daily > 0 ? Math.max(0, Math.floor(a.available / daily)) : null,
    };
  });
}

export type AlertAttention =
  | { action: 'acknowledge' }
  | { action: 'snooze'; days: number }
  | { action: 'reopen' };

/** Acknowledge (kept out of mail until it resolves), snooze for n days, or undo both. */
export async function setAttention(
  trx: Trx,
  tenantId: string,
  id: string,
  a: AlertAttention,
  ctx: { now: Date; actor: { type: ActorType; id?: string | null } },
): Promise<void> {
  if (!isUuid(id)) throw notFound('Alert');
  const patch =
    a.action === 'acknowledge'
      ? { acknowledged_at: ctx.now }
      : a.action === 'snooze'
        ? { snoozed_until: new Date(ctx.now.getTime() + a.days * 86_400_000) }
        : { acknowledged_at: null, snoozed_until: null };
  if (!(await setAlertAttention(trx, tenantId, id, patch))) throw notFound('Open alert');
  await recordAudit(trx, tenantId, {
    actorType: ctx.actor.type,
    actorId: ctx.actor.id ?? null,
    action: `alert.${a.action}`,
    targetType: 'stock_alert',
    targetId: id,
    data: a.action === 'snooze' ? { days: a.days } : {},
  });
}

// ── Transaction owners every surface calls ─────────────────────────────────

/** A `stock.changed` event: one variant re-evaluated in its own transaction. */
export const evaluateStockChange = (db: Db, tenantId: string, variantId: string) =>
  withTenant(db, tenantId, (trx) => evaluateVariantStock(trx, tenantId, variantId));

/** A `product.created`/`product.updated` event. */
export const evaluateProductChange = (db: Db, tenantId: string, productId: string) =>
  withTenant(db, tenantId, (trx) => evaluateProductStock(trx, tenantId, productId));

export const sweepStoreAlerts = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => sweepStockAlerts(trx, tenantId));

/** The batched alert email (`alerts.notify`). */
export const mailPendingAlerts = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, (trx) => sendPendingAlertMail(trx, tenantId, now));

/** The daily job: sweep, then the digest email, in one transaction. */
export const runDailyAlerts = (db: Db, tenantId: string, now: Date) =>
  withTenant(db, tenantId, async (trx) => {
    const swept = await sweepStockAlerts(trx, tenantId);
    // Alerts the sweep just opened are in today's digest: no separate mail for them.
    await claimUnnotifiedAlerts(trx, tenantId, now);
    const digest = await sendAlertDigest(trx, tenantId, now);
    return { swept, digest };
  });

export const listStoreAlerts = (db: Db, tenantId: string, opts: AlertListOptions = {}) =>
  withTenant(db, tenantId, (trx) => listAlerts(trx, tenantId, opts));

export const listStoreAlertViews = (
  db: Db,
  tenantId: string,
  opts: AlertListOptions & { now: Date; timeZone: string },
) => withTenant(db, tenantId, (trx) => listAlertViews(trx, tenantId, opts));

export const setStoreAlertAttention = (
  db: Db,
  tenantId: string,
  id: string,
  a: AlertAttention,
  ctx: { now: Date; actor: { type: ActorType; id?: string | null } },
) => withTenant(db, tenantId, (trx) => setAttention(trx, tenantId, id, a, ctx));
