/**
 * A shopper's data export and erasure (flows/shopper-privacy.ts) through the
 * store and admin APIs: the export holds profile, addresses, orders with
 * lines, reviews and tickets (never internal notes); erasure needs a
 * confirmation, anonymises the customer and the personal data on orders,
 * tickets, reviews and returns while orders and amounts stay, revokes the
 * sessions, writes an audit entry and e-mails the shopper once; another
 * store's admin gets 404; a second erasure changes nothing.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { addCustomerNote } from '../../src/modules/customers/admin-service.js';
import { requestReturn } from '../../src/modules/returns/service.js';
import { postReview } from '../../src/modules/reviews/service.js';
import { paidOrder, ticketIn } from '../support/care.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

async function one<T>(p: TestPlatform, store: TestStore, q: ReturnType<typeof sql<T>>): Promise<T> {
  const { rows } = await withTenant(p.deps.db, store.tenant.id, (trx) => q.execute(trx));
  return rows[0]!;
}

describe('shopper data export and erasure', () => {
  it('exports everything, then erases the personal data and keeps the books', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = { host: store.host, token: store.owner.token };
    const o = await paidOrder(p, store, { quantity: 2 });
    const shopper = { host: store.host, token: o.customer.token };
    await postReview(p.deps, store.tenant.id, {
      customerId: o.customer.id,
      productId: o.productId,
      ip: '10.9.0.1',
      review: { rating: 4, title: 'Nice', body: 'Good zip, Ada from Springfield' },
    });
    const ticket = await ticketIn(p, store, { id: o.customer.id });
    for (const body of [{ body: 'Internal: VIP', internal: true }, { body: 'Thanks Ada, on its way.' }]) {
      const r = await request(p.app, 'POST', `/api/admin/tickets/${ticket.id}/messages`, { ...admin, body });
      expect(r.status).toBe(201);
    }
    await requestReturn(p.deps, store.tenant, {
      customerId: o.customer.id,
      orderId: o.orderId,
      request: {
        lines: [{ orderLineId: o.lineId, quantity: 1, reason: 'damaged' }],
        comment: 'Call me on 555-0100',
      },
    });
    await addCustomerNote(p.deps.db, store.tenant.id, o.customer.id, store.owner.id, 'Prefers morning calls');

    const mine = await request(p.app, 'GET', '/api/store/account/data', shopper);
    expect(mine.status).toBe(200);
    expect(mine.body.profile).toMatchObject({ id: o.customer.id, email: o.customer.email, erasedAt: null });
    expect(mine.body.addresses).toEqual([
      expect.objectContaining({ line1: '1 Main St', city: 'Springfield' }),
    ]);
    expect(mine.body.orders).toHaveLength(1);
    expect(mine.body.orders[0]).toMatchObject({ number: o.number, total: o.total, email: o.customer.email });
    expect(mine.body.orders[0].lines).toEqual([expect.objectContaining({ quantity: 2 })]);
    expect(mine.body.reviews).toEqual([
      expect.objectContaining({ rating: 4, body: 'Good zip, Ada from Springfield' }),
    ]);
    expect(mine.body.tickets).toHaveLength(1);
    expect(mine.body.tickets[0].messages.map((m: { from: string }) => m.from)).toEqual(['customer', 'staff']);
    expect(JSON.stringify(mine.body)).not.toContain('VIP');
    const theirs = await request(p.app, 'GET', `/api/admin/customers/${o.customer.id}/data`, admin);
    expect(theirs.status).toBe(200);
    expect(theirs.body.orders).toEqual(mine.body.orders);

    // Another store's admin: 404, and nothing changes.
    const other = await createTestStore(p.deps);
    const otherAdmin = { host: other.host, token: other.owner.token };
    expect(
      (await request(p.app, 'GET', `/api/admin/customers/${o.customer.id}/data`, otherAdmin)).status,
    ).toBe(404);
    const cross = await request(p.app, 'POST', `/api/admin/customers/${o.customer.id}/erase`, {
      ...otherAdmin,
      body: { confirm: true },
    });
    expect(cross.status).toBe(404);
    // No confirmation: 400, nothing changes.
    const unconfirmed = await request(p.app, 'POST', '/api/store/account/erase', { ...shopper, body: {} });
    expect(unconfirmed.status).toBe(400);
    const before = await one(
      p,
      store,
      sql<{ email: string }>`select email::text as email from customers where id = ${o.customer.id}`,
    );
    expect(before.email).toBe(o.customer.email);

    const erased = await request(p.app, 'POST', '/api/store/account/erase', {
      ...shopper,
      body: { confirm: true },
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ erased: true, orders: 1, tickets: 1, reviews: 1 });

    const cu = await one(
      p,
      store,
      sql<{ email: string; name: string | null; password_hash: string | null; anonymised_at: Date | null }>`
        select email::text as email, name, password_hash, anonymised_at from customers where id = ${o.customer.id}`,
    );
    expect(cu).toMatchObject({
      email: `erased-${o.customer.id}@erased.invalid`,
      name: null,
      password_hash: null,
    });
    expect(cu.anonymised_at).not.toBeNull();
    const order = await one(
      p,
      store,
      sql<{ email: string; total: string; shipping_address: Record<string, string>; customer_id: string }>`
        select email::text as email, total, shipping_address, customer_id from orders where id = ${o.orderId}`,
    );
    expect(order.email).toBe(cu.email);
    expect(Number(order.total)).toBe(o.total);
    expect(order.customer_id).toBe(o.customer.id);
    expect(order.shipping_address).toEqual({
      name: 'Deleted customer',
      line1: '(removed)',
      city: '(removed)',
      postalCode: '(removed)',
      country: 'US',
    });
    const msgs = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      sql<{ kind: string; body: string }>`
        select kind, body from ticket_messages where ticket_id = ${ticket.id} order by id`.execute(trx),
    );
    expect(msgs.rows.find((m) => m.kind === 'customer')?.body).toMatch(/removed/);
    expect(msgs.rows.find((m) => m.kind === 'staff')?.body).toBe('Thanks Ada, on its way.');
    const t = await one(
      p,
      store,
      sql<{ email: string; subject: string }>`
      select email::text as email, subject from tickets where id = ${ticket.id}`,
    );
    expect(t.email).toBe(cu.email);
    expect(t.subject).toMatch(/removed/);
    const review = await one(
      p,
      store,
      sql<{ author: string; customer_id: string | null; rating: number }>`
      select author, customer_id, rating from reviews where product_id = ${o.productId}`,
    );
    expect(review).toEqual({ author: 'Former customer', customer_id: null, rating: 4 });
    const ret = await one(
      p,
      store,
      sql<{ comment: string | null }>`
      select comment from returns where order_id = ${o.orderId}`,
    );
    expect(ret.comment).toBeNull();
    const notes = await one(
      p,
      store,
      sql<{ n: number }>`
      select count(*)::int as n from customer_notes where customer_id = ${o.customer.id}`,
    );
    expect(notes.n).toBe(0);
    const sessions = await one(
      p,
      store,
      sql<{ live: number }>`
      select count(*)::int as live from customer_sessions where customer_id = ${o.customer.id} and revoked_at is null`,
    );
    expect(sessions.live).toBe(0);
    const audit = await one(
      p,
      store,
      sql<{ actor_type: string; action: string }>`
      select actor_type, action from audit_log where target_id = ${o.customer.id} and action = 'customer.erased'`,
    );
    expect(audit).toEqual({ actor_type: 'customer', action: 'customer.erased' });
    const mail = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      sql<{ payload: { to: string; subject: string } }>`
        select payload from outbox where topic = 'email.send' and payload->>'subject' like '%has been deleted%'`.execute(
        trx,
      ),
    );
    expect(mail.rows.map((r) => r.payload.to)).toEqual([o.customer.email]);

    // Again (the merchant, for them): nothing changes, no second e-mail.
    const again = await request(p.app, 'POST', `/api/admin/customers/${o.customer.id}/erase`, {
      ...admin,
      body: { confirm: true },
    });
    expect(again.body).toEqual({ erased: false, orders: 0, tickets: 0, reviews: 0 });
    const mails = await one(
      p,
      store,
      sql<{ n: number }>`
      select count(*)::int as n from outbox where topic = 'email.send' and payload->>'subject' like '%has been deleted%'`,
    );
    expect(mails.n).toBe(1);
  });
});
