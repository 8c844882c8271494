/** Order events reach merchant webhooks: the order-events worker turns relayed order.* outbox rows into signed deliveries, once. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import { handleOrderEvent } from '../../workers/processors/order-events.js';
import { placedOrder } from '../checkout/support.js';
import { request, testPlatform } from '../support/platform.js';

describe('order webhooks', () => {
  it('routes every order event the orders module writes', () => {
    for (const topic of [
      'order.placed',
      'order.paid',
      'order.cancelled',
      'order.expired',
      'order.refunded',
    ]) {
      expect(OUTBOX_ROUTES[topic]).toContain('order-events');
    }
  });

  it('writes one order.paid delivery per subscribed endpoint, and none twice', async () => {
    const p = await testPlatform();
    const { store, order } = await placedOrder(p, { stock: 5, quantity: 1, price: 1200 });
    const hook = (events: string[]) =>
      request(p.app, 'POST', '/api/admin/webhooks', {
        host: store.host,
        token: store.owner.token,
        body: { url: 'http://127.0.0.1:9/hook', events },
      });
    expect((await hook(['order.paid'])).status).toBe(201);
    expect((await hook(['stock.low'])).status).toBe(201);
    const paid = await request(p.app, 'POST', `/api/admin/orders/${order.id}/mark-paid`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(paid.status).toBe(200);

    const row = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['id', 'topic', 'payload'])
        .where('tenant_id', '=', store.tenant.id)
        .where('topic', '=', 'order.paid')
        .executeTakeFirstOrThrow(),
    );
    const data = {
      outboxId: row.id,
      tenantId: store.tenant.id,
      topic: row.topic,
      payload: { orderId: order.id, ...row.payload },
    };
    expect(await handleOrderEvent(p.deps, data)).toBe(1);
    expect(await handleOrderEvent(p.deps, data)).toBe(0);

    const deliveries = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', store.tenant.id).execute(),
    );
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ topic: 'order.paid', event_id: `evt_ob_${row.id}` });
    expect(JSON.stringify(deliveries[0]!.payload)).toContain(order.id);
  });
});
