/** Low-stock alerts: open/resolve, one alert under concurrency, notifications, the admin list and the queue path. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import {
  evaluateVariantStock,
  sendAlertDigest,
  sendPendingAlertMail,
  sweepStockAlerts,
} from '../../src/modules/alerts/service.js';
import { adjustStock } from '../../src/modules/inventory/service.js';
import { deliverWebhook } from '../../src/modules/webhooks/service.js';
import { SIGNATURE_HEADER, verifyWebhook } from '../../src/modules/webhooks/signature.js';
import { alertsProcessor } from '../../workers/processors/alerts.js';
import { addMember, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

async function outbox(p: Awaited<ReturnType<typeof testPlatform>>, tenantId: string, topic: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('outbox')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('topic', '=', topic)
      .execute(),
  );
}

async function alertRows(p: Awaited<ReturnType<typeof testPlatform>>, tenantId: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx.selectFrom('stock_alerts').selectAll().where('tenant_id', '=', tenantId).execute(),
  );
}

describe('low-stock alerts', () => {
  it('opens one alert at or below threshold, notifies the owner, resolves above it', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, store.tenant.id, { stock: 5, threshold: 5 });
    const ev = (id = v.variantId) =>
      withTenant(p.deps.db, store.tenant.id, (trx) => evaluateVariantStock(trx, store.tenant.id, id));
    expect(await ev()).toBe('opened');
    expect(await ev()).toBe('still_open');

    const res = await request(p.app, 'GET', '/api/admin/alerts', {
      host: store.host,
      token: store.owner.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        variantId: v.variantId,
        sku: v.sku,
        available: 5,
        threshold: 5,
        status: 'open',
      }),
    ]);
    // The email waits for the batch window (one alerts.notify event), then goes alone.
    expect(await outbox(p, store.tenant.id, 'email.send')).toHaveLength(0);
    expect(await outbox(p, store.tenant.id, 'alerts.notify')).toHaveLength(1);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      sendPendingAlertMail(trx, store.tenant.id, new Date()),
    );
    const mails = await outbox(p, store.tenant.id, 'email.send');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload).toMatchObject({
      to: store.owner.email,
      subject: expect.stringContaining(v.sku),
    });

    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      adjustStock(trx, store.tenant.id, {
        variantId: v.variantId,
        delta: 20,
        reason: 'restock',
        actor: { type: 'system' },
      }),
    );
    expect(await ev()).toBe('resolved');
    const after = await request(p.app, 'GET', '/api/admin/alerts?status=resolved', {
      host: store.host,
      token: store.owner.token,
    });
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0].status).toBe('resolved');
    expect(await ev()).toBe('ok');
    // Dropping low again opens a NEW alert (history is kept).
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      adjustStock(trx, store.tenant.id, {
        variantId: v.variantId,
        delta: -24,
        reason: 'sale',
        actor: { type: 'system' },
      }),
    );
    expect(await ev()).toBe('opened');
    expect((await alertRows(p, store.tenant.id)).map((a) => a.status).sort()).toEqual(['open', 'resolved']);
  });

  it('never duplicates an open alert under concurrent events', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, store.tenant.id, { stock: 1, threshold: 5 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        withTenant(p.deps.db, store.tenant.id, (trx) =>
          evaluateVariantStock(trx, store.tenant.id, v.variantId),
        ),
      ),
    );
    expect(results.filter((r) => r === 'opened')).toHaveLength(1);
    expect(await alertRows(p, store.tenant.id)).toHaveLength(1);
    expect(await outbox(p, store.tenant.id, 'alerts.notify')).toHaveLength(1);
  });

  it('the daily sweep opens and resolves; the digest is sent once per day', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const low = await insertVariant(p.deps, store.tenant.id, { stock: 2, threshold: 3 });
    await insertVariant(p.deps, store.tenant.id, { stock: 50, threshold: 3 });
    const reservedLow = await insertVariant(p.deps, store.tenant.id, {
      stock: 10,
      reserved: 8,
      threshold: 3,
    });
    const swept = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      sweepStockAlerts(trx, store.tenant.id),
    );
    expect(swept.opened).toBe(2);
    const open = (await alertRows(p, store.tenant.id)).map((a) => a.variant_id).sort();
    expect(open).toEqual([low.variantId, reservedLow.variantId].sort());
    const now = new Date('2026-06-01T07:00:00Z');
    for (let i = 0; i < 2; i++) {
      await withTenant(p.deps.db, store.tenant.id, (trx) => sendAlertDigest(trx, store.tenant.id, now));
    }
    const digests = (await outbox(p, store.tenant.id, 'email.send')).filter((m) =>
      String((m.payload as { subject: string }).subject).startsWith('Low-stock digest'),
    );
    expect(digests).toHaveLength(1);
    expect((digests[0]!.payload as { text: string }).text).toContain(low.sku);
  });

  it('the queue processor evaluates stock.changed events and fails a poison job without retries', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, store.tenant.id, { stock: 0, threshold: 2 });
    const worker = alertsProcessor.register(p.deps);
    try {
      const q = p.deps.hub.queue('low-stock-alerts');
      await q.add('stock.changed', {
        outboxId: 1,
        tenantId: store.tenant.id,
        topic: 'stock.changed',
        payload: { variantId: v.variantId, available: 0 },
      });
      const poison = await q.add('stock.changed', { tenantId: 'nope' });
      await expect
        .poll(async () => (await alertRows(p, store.tenant.id)).length, { timeout: 10_000 })
        .toBe(1);
      await expect
        .poll(async () => (await q.getJob(poison.id!))?.failedReason ?? '', { timeout: 10_000 })
        .toContain('invalid job payload');
      const failed = await q.getJob(poison.id!);
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('sends a signed stock.low webhook to a configured endpoint', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const created = await request(p.app, 'POST', '/api/admin/webhooks', {
        host: store.host,
        token: store.owner.token,
        body: { url: `http://127.0.0.1:${port}/hook`, events: ['stock.low'] },
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      const v = await insertVariant(p.deps, store.tenant.id, { stock: 1, threshold: 5 });
      await withTenant(p.deps.db, store.tenant.id, (trx) =>
        evaluateVariantStock(trx, store.tenant.id, v.variantId),
      );
      const deliveries = await withTenant(p.deps.db, store.tenant.id, (trx) =>
        trx.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', store.tenant.id).execute(),
      );
      expect(deliveries).toHaveLength(1);
      expect(await outbox(p, store.tenant.id, 'webhook.deliver')).toHaveLength(1);
      const now = () => new Date();
      // In production a loopback target is refused before any request leaves (SSRF guard).
      expect(await deliverWebhook(p.deps.db, store.tenant.id, deliveries[0]!.id, { now })).toMatchObject({
        status: 'retrying',
      });
      const [refused] = await withTenant(p.deps.db, store.tenant.id, (trx) =>
        trx.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', store.tenant.id).execute(),
      );
      expect(refused!.last_error).toMatch(/not a public address/);
      expect(received).toHaveLength(0);
      const out = await deliverWebhook(p.deps.db, store.tenant.id, deliveries[0]!.id, {
        now,
        allowPrivateTargets: true,
      });
      expect(out.status).toBe('delivered');
      // A re-run after success sends nothing again.
      expect(
        (
          await deliverWebhook(p.deps.db, store.tenant.id, deliveries[0]!.id, {
            now,
            allowPrivateTargets: true,
          })
        ).status,
      ).toBe('skipped');
      expect(received).toHaveLength(1);
      const sig = String(received[0]!.headers[SIGNATURE_HEADER]);
      expect(verifyWebhook(created.body.secret, sig, received[0]!.body, Math.floor(Date.now() / 1000))).toBe(
        true,
      );
      expect(verifyWebhook('whsec_wrong', sig, received[0]!.body, Math.floor(Date.now() / 1000))).toBe(false);
      expect(
        verifyWebhook(created.body.secret, sig, received[0]!.body, Math.floor(Date.now() / 1000) + 3600),
      ).toBe(false);
      expect(JSON.parse(received[0]!.body)).toMatchObject({
        type: 'stock.low',
        data: { variantId: v.variantId, sku: v.sku },
      });
    } finally {
      server.close();
    }
  });
});

describe('admin API errors', () => {
  it('rejects bad input with the envelope and changes nothing', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const bad = await request(p.app, 'GET', '/api/admin/alerts?status=weird', {
      host: store.host,
      token: store.owner.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const badHook = await request(p.app, 'POST', '/api/admin/webhooks', {
      host: store.host,
      token: store.owner.token,
      body: { url: 'ftp://x', events: ['nope'] },
    });
    expect(badHook.status).toBe(400);
    const list = await request(p.app, 'GET', '/api/admin/webhooks', {
      host: store.host,
      token: store.owner.token,
    });
    expect(list.body.items).toEqual([]);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    expect(
      (await request(p.app, 'GET', '/api/admin/webhooks', { host: store.host, token: staff.token })).status,
    ).toBe(403);
    expect(
      (await request(p.app, 'GET', '/api/admin/alerts', { host: store.host, token: staff.token })).status,
    ).toBe(200);
    const missing = await request(
      p.app,
      'DELETE',
      '/api/admin/webhooks/00000000-0000-4000-8000-000000000000',
      {
        host: store.host,
        token: store.owner.token,
      },
    );
    expect(missing.status).toBe(404);
  });

  it('updates and deletes an endpoint', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const c = await request(p.app, 'POST', '/api/admin/webhooks', {
      host: store.host,
      token: store.owner.token,
      body: { url: 'https://merchant.example/hook' },
    });
    const u = await request(p.app, 'PATCH', `/api/admin/webhooks/${c.body.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { active: false, events: ['order.paid'] },
    });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ active: false, events: ['order.paid'] });
    expect(u.body.secret).toBeUndefined();
    const d = await request(p.app, 'DELETE', `/api/admin/webhooks/${c.body.id}`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(d.status).toBe(204);
  });
});
