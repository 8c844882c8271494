/**
 * Alerts (issue #12 point 8): batched mail (one alert → its own email,
 * several → one digest), a variant created already low opens its alert
 * through the catalog's product.created event (relay → alerts queue),
 * archived products raise none, acknowledge/snooze keep an alert out of mail.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createOutboxRelay } from '../../src/lib/outbox.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import {
  evaluateVariantStock,
  listStoreAlertViews,
  sendAlertDigest,
  sendPendingAlertMail,
  sweepStockAlerts,
} from '../../src/modules/alerts/service.js';
import { alertsProcessor } from '../../workers/processors/alerts.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

type P = Awaited<ReturnType<typeof testPlatform>>;

const rows = (p: P, tenantId: string, table: 'outbox' | 'stock_alerts') =>
  withTenant(p.deps.db, tenantId, (trx) =>
    trx.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute(),
  ) as Promise<Record<string, unknown>[]>;
type Mail = { subject: string; text: string; to: string };
const mails = async (p: P, tenantId: string) =>
  (await rows(p, tenantId, 'outbox')).filter((r) => r.topic === 'email.send').map((r) => r.payload as Mail);

describe('alert mail', () => {
  it('one alert opened alone gets its own email; several opened together get one digest', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const t = store.tenant.id;
    const one = await createTestProduct(p.deps, t, {
      title: 'Lonely mug',
      variants: [{ sku: 'MUG-1', price: 900, stock: 1, lowStockThreshold: 3 }],
    });
    await withTenant(p.deps.db, t, (trx) => evaluateVariantStock(trx, t, one.variants[0]!.id));
    await withTenant(p.deps.db, t, (trx) => sendPendingAlertMail(trx, t, new Date()));
    expect((await mails(p, t)).map((m) => m.subject)).toEqual(['Low stock: MUG-1 (1 left)']);
    expect((await mails(p, t))[0]!.text).toContain('Lonely mug');

    // A template-sized batch: five variants low at once → ONE more email, listing all five.
    for (let i = 0; i < 5; i++) {
      await createTestProduct(p.deps, t, {
        title: `Template ${i}`,
        variants: [{ sku: `TPL-${i}`, price: 900, stock: 0, lowStockThreshold: 5 }],
      });
    }
    const swept = await withTenant(p.deps.db, t, (trx) => sweepStockAlerts(trx, t));
    expect(swept.opened).toBe(5);
    await withTenant(p.deps.db, t, (trx) => sendPendingAlertMail(trx, t, new Date()));
    await withTenant(p.deps.db, t, (trx) => sendPendingAlertMail(trx, t, new Date()));
    const all = await mails(p, t);
    expect(all).toHaveLength(2);
    expect(all[1]!.subject).toBe('Low stock: 5 items need restocking');
    for (let i = 0; i < 5; i++) expect(all[1]!.text).toContain(`TPL-${i}`);
    expect(all[1]!.text).not.toContain('MUG-1');
    // Opening alerts writes one alerts.notify per batch window, not one per alert.
    const notify = (await rows(p, t, 'outbox')).filter((r) => r.topic === 'alerts.notify');
    expect(notify.length).toBeLessThanOrEqual(2);
  });

  it('a product created already at or below its threshold opens its alert from the product.created event', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const t = store.tenant.id;
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: store.host,
      token: store.owner.token,
      body: {
        title: 'Born low',
        status: 'active',
        variants: [{ sku: 'LOW-NEW', price: 1500, stock: 0, lowStockThreshold: 4 }],
      },
    });
    expect(res.status).toBe(201);
    // Stock 0 books no ledger row, so no stock.changed: only product.created can open it.
    const topics = (await rows(p, t, 'outbox')).map((r) => r.topic);
    expect(topics).toContain('product.created');
    expect(topics).not.toContain('stock.changed');
    const relay = createOutboxRelay({
      db: p.deps.db,
      hub: p.deps.hub,
      routes: { 'product.created': [QUEUES.alerts] },
      logger: p.deps.logger,
    });
    const worker = alertsProcessor.register(p.deps);
    try {
      await expect.poll(() => relay.relayOnce(), { timeout: 10_000 }).toBe(0);
      await expect.poll(async () => (await rows(p, t, 'stock_alerts')).length, { timeout: 10_000 }).toBe(1);
      const [alert] = await rows(p, t, 'stock_alerts');
      expect(alert).toMatchObject({ sku: 'LOW-NEW', available: 0, threshold: 4, status: 'open' });
    } finally {
      await worker.close();
      await relay.stop();
    }
  });

  it('archived products raise no alert, and archiving resolves an open one', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const t = store.tenant.id;
    const archived = await createTestProduct(p.deps, t, {
      variants: [{ sku: 'ARCH-1', price: 900, stock: 0, lowStockThreshold: 5 }],
    });
    await request(p.app, 'PATCH', `/api/admin/products/${archived.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { status: 'archived' },
    });
    const live = await createTestProduct(p.deps, t, {
      variants: [{ sku: 'LIVE-1', price: 900, stock: 1, lowStockThreshold: 5 }],
    });
    const swept = await withTenant(p.deps.db, t, (trx) => sweepStockAlerts(trx, t));
    expect(swept.opened).toBe(1);
    expect(
      await withTenant(p.deps.db, t, (trx) => evaluateVariantStock(trx, t, archived.variants[0]!.id)),
    ).toBe('ok');
    const upd = await request(p.app, 'PATCH', `/api/admin/products/${live.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { status: 'archived' },
    });
    expect(upd.status).toBe(200);
    expect(await withTenant(p.deps.db, t, (trx) => evaluateVariantStock(trx, t, live.variants[0]!.id))).toBe(
      'resolved',
    );
    expect((await rows(p, t, 'stock_alerts')).map((a) => a.status)).toEqual(['resolved']);
  });

  it('acknowledged and snoozed alerts stay out of the daily digest; the list shows product and cover', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const t = store.tenant.id;
    for (const sku of ['ACK-1', 'SNZ-1', 'OPEN-1']) {
      await createTestProduct(p.deps, t, {
        title: `Product ${sku}`,
        variants: [{ sku, price: 900, stock: 1, lowStockThreshold: 5 }],
      });
    }
    await withTenant(p.deps.db, t, (trx) => sweepStockAlerts(trx, t));
    const now = new Date();
    const list = await listStoreAlertViews(p.deps.db, t, { status: 'open', now, timeZone: 'UTC' });
    const bySku = new Map(list.map((a) => [a.sku, a]));
    expect(bySku.get('ACK-1')).toMatchObject({
      productTitle: 'Product ACK-1',
      available: 1,
      daysOfCover: null,
    });
    const ack = await request(p.app, 'POST', `/api/admin/alerts/${bySku.get('ACK-1')!.id}/attention`, {
      host: store.host,
      token: store.owner.token,
      body: { action: 'acknowledge' },
    });
    expect(ack.status).toBe(204);
    const snooze = await request(p.app, 'POST', `/api/admin/alerts/${bySku.get('SNZ-1')!.id}/attention`, {
      host: store.host,
      token: store.owner.token,
      body: { action: 'snooze', days: 3 },
    });
    expect(snooze.status).toBe(204);
    const bad = await request(p.app, 'POST', `/api/admin/alerts/${bySku.get('SNZ-1')!.id}/attention`, {
      host: store.host,
      token: store.owner.token,
      body: { action: 'snooze', days: 0 },
    });
    expect(bad.status).toBe(400);
    await withTenant(p.deps.db, t, (trx) => sendAlertDigest(trx, t, now));
    const digest = (await mails(p, t)).find((m) => m.subject.startsWith('Low-stock digest'));
    expect(digest?.text).toContain('OPEN-1');
    expect(digest?.text).not.toContain('ACK-1');
    expect(digest?.text).not.toContain('SNZ-1');
    // Four days later the snooze is over.
    const later = new Date(now.getTime() + 4 * 86_400_000);
    await withTenant(p.deps.db, t, (trx) => sendAlertDigest(trx, t, later));
    const second = (await mails(p, t)).filter((m) => m.subject.startsWith('Low-stock digest')).at(-1);
    expect(second?.text).toContain('SNZ-1');
    const audit = await withTenant(p.deps.db, t, (trx) =>
      trx.selectFrom('audit_log').select('action').where('tenant_id', '=', t).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['alert.acknowledge', 'alert.snooze']));
  });
});
