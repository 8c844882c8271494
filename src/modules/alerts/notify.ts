/**
 * What an opened alert tells the merchant. The `stock.low` webhook goes out
 * at once. Email is batched: opening an alert schedules one `alerts.notify`
 * event per two-minute window; when it runs, the alerts opened and not yet
 * mailed are claimed and mailed together — one alert gets its own email,
 * several (a new store's template stock, an import) get ONE digest. Plus the
 * daily digest of everything still open, acknowledged or snoozed ones left out.
 */
import type { Trx } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { enqueueEmail } from '../mail/service.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { claimUnnotifiedAlerts, findStoreOwnerEmail, listAlertRows, type StockAlert } from './repository.js';

export const ALERT_MAIL_TOPIC = 'alerts.notify';
/** How long an opened alert waits for others before its email goes. */
export const ALERT_MAIL_WINDOW_MS = 2 * 60_000;

export async function notifyOpened(
  trx: Trx,
  tenantId: string,
  a: { id: string; variantId: string; sku: string; available: number; threshold: number },
  now = new Date(),
): Promise<void> {
  const windowEnd = (Math.floor(now.getTime() / ALERT_MAIL_WINDOW_MS) + 1) * ALERT_MAIL_WINDOW_MS;
  await enqueueOutbox(trx, tenantId, {
    topic: ALERT_MAIL_TOPIC,
    payload: {},
    dedupeKey: `alert-mail-window:${windowEnd}`,
    availableAt: new Date(windowEnd),
  });
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

const label = (a: StockAlert) =>
  `${a.productTitle}${a.variantTitle ? ` — ${a.variantTitle}` : ''} (${a.sku})`;

/** Mails the alerts opened since the last mail: one alert → its own email, several → one digest. */
export async function sendPendingAlertMail(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const ids = new Set(await claimUnnotifiedAlerts(trx, tenantId, now));
  if (ids.size === 0) return 0;
  const to = await findStoreOwnerEmail(trx, tenantId);
  if (!to) return 0;
  const alerts = (await listAlertRows(trx, tenantId, { status: 'open', limit: 500 })).filter((a) =>
    ids.has(a.id),
  );
  if (alerts.length === 0) return 0;
  const key = `alert-mail:${[...ids].sort()[0]}`;
  if (alerts.length === 1) {
    const a = alerts[0]!;
    await enqueueEmail(
      trx,
      tenantId,
      {
        to,
        subject: `Low stock: ${a.sku} (${a.available} left)`,
        text: `${label(a)} has ${a.available} available, at or below its threshold of ${a.threshold}.\nPlan a restock from Admin → Restock.`,
      },
      key,
    );
    return 1;
  }
  const lines = alerts.map((a) => `- ${label(a)}: ${a.available} available (threshold ${a.threshold})`);
  await enqueueEmail(
    trx,
    tenantId,
    {
      to,
      subject: `Low stock: ${alerts.length} items need restocking`,
      text: `${alerts.length} items are at or below their low-stock threshold:\n${lines.join('\n')}\n\nSee Admin → Alerts.`,
    },
    key,
  );
  return alerts.length;
}

/** Once a day: one email listing open alerts (keyed by date, so a re-run sends nothing twice). */
export async function sendAlertDigest(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const open = await listAlertRows(trx, tenantId, { status: 'open', limit: 200, actionableAt: now });
  if (open.length === 0) return 0;
  const to = await findStoreOwnerEmail(trx, tenantId);
  if (!to) return 0;
  const day = now.toISOString().slice(0, 10);
  const lines = open.map((a) => `- ${label(a)}: ${a.available} available (threshold ${a.threshold})`);
  await enqueueEmail(
    trx,
    tenantId,
    {
      to,
      subject: `Low-stock digest ${day}: ${open.length} item${open.length === 1 ? '' : 's'}`,
      text: `Items at or below their threshold:\n${lines.join('\n')}`,
    },
    `alert-digest:${day}`,
  );
  return open.length;
}
