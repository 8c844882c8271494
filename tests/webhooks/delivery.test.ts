/**
 * Merchant webhook delivery (issue #12 point 9): retries over ~3 days with
 * doubling gaps (scheduled through the outbox), the endpoint disabled with an
 * email to the owner after a whole failed schedule, the delivery log,
 * redelivery, secret rotation, and product/customer events. Receivers are
 * servers on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { emitOrderEventWebhooks } from '../../src/flows/order-event-webhooks.js';
import { withTenant } from '../../src/lib/db/index.js';
import { nextAttemptAt } from '../../src/modules/webhooks/delivery.js';
import { deliverWebhook, MAX_ATTEMPTS, RETRY_DELAYS_MINUTES } from '../../src/modules/webhooks/service.js';
import { SIGNATURE_HEADER, verifyWebhook } from '../../src/modules/webhooks/signature.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

type P = Awaited<ReturnType<typeof testPlatform>>;
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver on 127.0.0.1 answering `status()`; records what it got. */
async function receiver(status: () => number) {
  const got: { headers: Record<string, unknown>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

const outboxRows = (p: P, t: string, topic: string) =>
  withTenant(p.deps.db, t, (trx) =>
    trx.selectFrom('outbox').selectAll().where('tenant_id', '=', t).where('topic', '=', topic).execute(),
  );
const deliveries = (p: P, t: string) =>
  withTenant(p.deps.db, t, (trx) =>
    trx.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', t).orderBy('id').execute(),
  );

/** An endpoint for `url` and one product.created event delivered to it (through the flow the queue runs). */
async function endpointWithEvent(p: P, url: string) {
  const store = await createTestStore(p.deps);
  const t = store.tenant.id;
  const created = await request(p.app, 'POST', '/api/admin/webhooks', {
    host: store.host,
    token: store.owner.token,
    body: { url, events: ['product.created'] },
  });
  expect(created.status).toBe(201);
  const product = await createTestProduct(p.deps, t, { title: 'Hooked' });
  const [ev] = await outboxRows(p, t, 'product.created');
  expect(
    await emitOrderEventWebhooks(p.deps.db, {
      outboxId: ev!.id,
      tenantId: t,
      topic: 'product.created',
      payload: ev!.payload,
    }),
  ).toBe(1);
  const [d] = await deliveries(p, t);
  return { store, t, endpoint: created.body, product, deliveryId: d!.id };
}

describe('webhook retries', () => {
  it('the schedule doubles from one minute and ends before three days', () => {
    expect(RETRY_DELAYS_MINUTES.slice(0, 4)).toEqual([1, 2, 4, 8]);
    const total = RETRY_DELAYS_MINUTES.reduce((a, b) => a + b, 0);
    expect(total / 60).toBeGreaterThan(48);
    expect(total / 60).toBeLessThan(72);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextAttemptAt(1, now)?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(nextAttemptAt(3, now)?.toISOString()).toBe('2026-01-01T00:04:00.000Z');
    expect(nextAttemptAt(MAX_ATTEMPTS, now)).toBeNull();
  });

  it('a failed attempt is recorded and the next one scheduled through the outbox', async () => {
    const p = await testPlatform();
    const r = await receiver(() => 503);
    const { t, deliveryId } = await endpointWithEvent(p, r.url);
    const now = new Date();
    const out = await deliverWebhook(p.deps.db, t, deliveryId, { now: () => now, allowPrivateTargets: true });
    expect(out).toMatchObject({ status: 'retrying', responseStatus: 503 });
    const [d] = await deliveries(p, t);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, response_status: 503, last_error: 'HTTP 503' });
    expect(d!.next_attempt_at?.getTime()).toBe(now.getTime() + 60_000);
    const jobs = await outboxRows(p, t, 'webhook.deliver');
    expect(jobs).toHaveLength(2);
    expect(jobs.map((j) => j.available_at.getTime())).toContain(now.getTime() + 60_000);
    expect(r.got).toHaveLength(1);
  });

  it('after a whole failed schedule the endpoint is disabled and the owner gets one email', async () => {
    const p = await testPlatform();
    const r = await receiver(() => 500);
    const { store, t, endpoint, deliveryId } = await endpointWithEvent(p, r.url);
    let now = new Date('2026-03-01T10:00:00Z');
    const statuses: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const out = await deliverWebhook(p.deps.db, t, deliveryId, {
        now: () => now,
        allowPrivateTargets: true,
      });
      statuses.push(out.status);
      now = new Date(out.nextAttemptAt ?? now);
    }
    expect(statuses.slice(0, -1).every((s) => s === 'retrying')).toBe(true);
    expect(statuses.at(-1)).toBe('failed');
    // 13 attempts spread over less than 3 days.
    expect(now.getTime() - new Date('2026-03-01T10:00:00Z').getTime()).toBeLessThan(3 * 86_400_000);
    const [d] = await deliveries(p, t);
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
    const list = await request(p.app, 'GET', '/api/admin/webhooks', {
      host: store.host,
      token: store.owner.token,
    });
    expect(list.body.items[0]).toMatchObject({
      id: endpoint.id,
      active: false,
      consecutiveFailures: MAX_ATTEMPTS,
      disabledReason: expect.stringContaining('3 days'),
    });
    const mail = (await outboxRows(p, t, 'email.send')).map(
      (m) => m.payload as { to: string; subject: string },
    );
    expect(mail).toEqual([
      { to: store.owner.email, subject: 'A webhook endpoint was disabled', text: expect.any(String) },
    ]);
    // Disabled: a late attempt sends nothing.
    expect(
      (await deliverWebhook(p.deps.db, t, deliveryId, { now: () => now, allowPrivateTargets: true })).status,
    ).toBe('skipped');
    expect(r.got).toHaveLength(MAX_ATTEMPTS);
  });
});

describe('webhook endpoints admin', () => {
  it('redelivers from the log once enabled again, and shows the outcome', async () => {
    const p = await testPlatform();
    let code = 500;
    const r = await receiver(() => code);
    const { store, t, endpoint, deliveryId } = await endpointWithEvent(p, r.url);
    await withTenant(p.deps.db, t, (trx) =>
      trx.updateTable('webhook_endpoints').set({ active: false }).where('tenant_id', '=', t).execute(),
    );
    const auth = { host: store.host, token: store.owner.token };
    const path = `/api/admin/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver`;
    expect((await request(p.app, 'POST', path, auth)).status).toBe(409);
    expect(
      (
        await request(p.app, 'PATCH', `/api/admin/webhooks/${endpoint.id}`, {
          ...auth,
          body: { active: true },
        })
      ).status,
    ).toBe(200);
    expect((await request(p.app, 'POST', path, auth)).status).toBe(202);
    expect(
      (await request(p.app, 'POST', `/api/admin/webhooks/${endpoint.id}/deliveries/999999/redeliver`, auth))
        .status,
    ).toBe(404);
    expect(await outboxRows(p, t, 'webhook.deliver')).toHaveLength(2);
    code = 200;
    const out = await deliverWebhook(p.deps.db, t, deliveryId, {
      now: () => new Date(),
      allowPrivateTargets: true,
    });
    expect(out.status).toBe('delivered');
    const log = await request(p.app, 'GET', `/api/admin/webhooks/${endpoint.id}/deliveries`, auth);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        id: deliveryId,
        topic: 'product.created',
        status: 'delivered',
        responseStatus: 200,
      }),
    ]);
    const audit = await withTenant(p.deps.db, t, (trx) =>
      trx.selectFrom('audit_log').select('action').where('tenant_id', '=', t).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['webhook.created', 'webhook.updated', 'webhook.redelivered']),
    );
  });

  it('rotates the signing secret: shown once, the new one signs, the old one no longer verifies', async () => {
    const p = await testPlatform();
    const r = await receiver(() => 204);
    const { store, t, endpoint, deliveryId, product } = await endpointWithEvent(p, r.url);
    const rotated = await request(p.app, 'POST', `/api/admin/webhooks/${endpoint.id}/rotate-secret`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const list = await request(p.app, 'GET', '/api/admin/webhooks', {
      host: store.host,
      token: store.owner.token,
    });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    await deliverWebhook(p.deps.db, t, deliveryId, { now: () => new Date(), allowPrivateTargets: true });
    const sig = String(r.got[0]!.headers[SIGNATURE_HEADER]);
    const ts = Math.floor(Date.now() / 1000);
    expect(verifyWebhook(rotated.body.secret, sig, r.got[0]!.body, ts)).toBe(true);
    expect(verifyWebhook(endpoint.secret, sig, r.got[0]!.body, ts)).toBe(false);
    expect(JSON.parse(r.got[0]!.body)).toMatchObject({
      type: 'product.created',
      data: { productId: product.id },
    });
  });

  it('customer registration emits customer.created for subscribed endpoints', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const res = await request(p.app, 'POST', '/api/store/customers', {
      host: store.host,
      body: { email: 'new.shopper@example.com', password: 'a long enough password 42' },
    });
    expect([200, 201]).toContain(res.status);
    const [ev] = await outboxRows(p, store.tenant.id, 'customer.created');
    expect(ev?.payload).toMatchObject({ email: 'new.shopper@example.com' });
  });
});
