/**
 * Payment settings and what they do to orders: manual payment holds stock for
 * holdDays (not the card's 15 minutes), the shopper gets the instructions and
 * the deadline, a reminder a day before, and the order is cancelled after.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../src/flows/checkout.js';
import { withTenant } from '../../src/lib/db/index.js';
import { sweepExpiredReservations } from '../../src/modules/orders/expiry.js';
import { ADDRESS, createCart, shopWithVariant, variantLevels } from '../checkout/support.js';
import { addMember } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const PATH = '/api/admin/settings/payments';
const DAY = 86_400_000;

async function facts(p: TestPlatform, tenantId: string, orderId: string) {
  return withTenant(p.deps.db, tenantId, async (trx) => ({
    order: await trx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow(),
    events: await trx
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute(),
    mails: (
      await trx
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('topic', '=', 'email.send')
        .orderBy('id')
        .execute()
    ).map((r) => r.payload as { to: string; subject: string; text: string }),
  }));
}

describe('payment settings API', () => {
  it('has defaults, saves a PATCH and refuses bad input without writing', async () => {
    const p = await testPlatform();
    const { store } = await shopWithVariant(p);
    const get = () => request(p.app, 'GET', PATH, { host: store.host, token: store.owner.token });
    expect((await get()).body).toEqual({
      manual: { enabled: true, method: 'transfer', instructions: '', holdDays: 7 },
      stripe: { connected: false },
    });
    const patched = await request(p.app, 'PATCH', PATH, {
      host: store.host,
      token: store.owner.token,
      body: { manual: { instructions: 'IBAN DE00 1234, reference: your order number', holdDays: 3 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.manual).toEqual({
      enabled: true,
      method: 'transfer',
      instructions: 'IBAN DE00 1234, reference: your order number',
      holdDays: 3,
    });
    for (const body of [
      { manual: { holdDays: 0 } },
      { manual: { holdDays: 61 } },
      { manual: { method: 'cheque' } },
      { other: 1 },
    ]) {
      const bad = await request(p.app, 'PATCH', PATH, { host: store.host, token: store.owner.token, body });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
    expect((await get()).body.manual.holdDays).toBe(3);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const denied = await request(p.app, 'PATCH', PATH, {
      host: store.host,
      token: staff.token,
      body: { manual: { holdDays: 9 } },
    });
    expect(denied.status).toBe(403);
    expect((await get()).body.manual.holdDays).toBe(3);
    // The one accepted change is in the store's audit log, by the owner; refused ones left nothing.
    const audit = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'data'])
        .where('target_type', '=', 'payment_settings')
        .execute(),
    );
    expect(audit).toEqual([
      {
        action: 'settings.updated',
        actor_id: store.owner.id,
        data: { summary: 'Updated payment settings: bank transfer, stock held 3 days' },
      },
    ]);
  });
});

describe('manual payment hold', () => {
  it('tells the shopper how and by when to pay, stays pending past 15 minutes, reminds a day before and cancels after the hold', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const t = store.tenant.id;
    await request(p.app, 'PATCH', PATH, {
      host: store.host,
      token: store.owner.token,
      body: { manual: { instructions: 'Transfer to IBAN DE00 1234.', holdDays: 3 } },
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const now = new Date();
    const res = await checkout(p.deps, {
      tenant: store.tenant,
      cartId,
      idempotencyKey: randomUUID(),
      input: { email: 'payer@example.test', shippingAddress: ADDRESS },
      viewer: { customerId: null },
      now,
    });
    const orderId = res.body.order.id;
    const placed = await facts(p, t, orderId);
    expect(new Date(placed.order.reservation_expires_at!).getTime()).toBe(now.getTime() + 3 * DAY);
    expect(placed.events[0]!.data).toMatchObject({
      payment: { method: 'transfer', instructions: 'Transfer to IBAN DE00 1234.' },
    });
    const confirmation = placed.mails.find((m) => m.to === 'payer@example.test')!;
    expect(confirmation.text).toContain('Transfer to IBAN DE00 1234.');
    expect(confirmation.text).toMatch(/Please pay by \w+ \d+, \d{4}/);

    const at = (ms: number) =>
      sweepExpiredReservations(p.deps, new Date(now.getTime() + ms), { tenantId: t });
    expect(await at(16 * 60_000)).toMatchObject({ expired: 0, reminded: 0 });
    expect((await facts(p, t, orderId)).order.status).toBe('pending_payment');
    expect(await at(DAY)).toMatchObject({ expired: 0, reminded: 0 });
    expect(await at(2 * DAY + 60_000)).toMatchObject({ expired: 0, reminded: 1 });
    expect(await at(2 * DAY + 120_000)).toMatchObject({ reminded: 0 }); // once
    const reminded = await facts(p, t, orderId);
    expect(reminded.events.map((e) => e.type)).toEqual(['placed', 'payment_reminder']);
    const reminder = reminded.mails.find((m) => m.subject.startsWith('Reminder'))!;
    expect(reminder.to).toBe('payer@example.test');
    expect(reminder.text).toContain('Transfer to IBAN DE00 1234.');
    expect(reminded.order.status).toBe('pending_payment');

    expect(await at(3 * DAY + 1_000)).toMatchObject({ expired: 1 });
    expect((await facts(p, t, orderId)).order.status).toBe('cancelled');
    expect(await variantLevels(p, t, variantId)).toEqual({ stock: 5, reserved: 0 });
  });

  it('cash on delivery: its own default instructions; a store with manual payment off takes no orders', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const t = store.tenant.id;
    const patch = (manual: unknown) =>
      request(p.app, 'PATCH', PATH, { host: store.host, token: store.owner.token, body: { manual } });
    await patch({ method: 'cash_on_delivery' });
    const place = async () => {
      const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
      return request(p.app, 'POST', `/api/store/carts/${cartId}/checkout`, {
        host: store.host,
        headers: { 'idempotency-key': randomUUID() },
        body: { email: 'cod@example.test', shippingAddress: ADDRESS },
      });
    };
    const cod = await place();
    expect(cod.status).toBe(201);
    const f = await facts(p, t, cod.body.order.id);
    expect(f.events[0]!.data).toMatchObject({
      payment: { method: 'cash_on_delivery', instructions: 'Pay in cash when your order is delivered.' },
    });
    await patch({ enabled: false });
    const off = await place();
    expect(off.status).toBe(400);
    expect(off.body.error.message).toBe('This store is not taking orders right now');
    expect(await variantLevels(p, t, variantId)).toEqual({ stock: 5, reserved: 1 });
  });
});
