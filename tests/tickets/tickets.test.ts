/**
 * Tickets through the store and admin APIs: a guest's ticket waits for the
 * e-mail confirmation link; threads both ways (notes never reach the
 * shopper); staff replies e-mail the shopper with an answer link; statuses,
 * assignment, inbox filters, SLA badges, CSAT on resolution, auto-close; bad
 * input and rate limits.
 */
import { describe, expect, it } from 'vitest';
import { verifyLink } from '../../src/lib/auth/signed-links.js';
import { withTenant } from '../../src/lib/db/index.js';
import { answerCsat, confirmGuestTicket, getTicketForShopper } from '../../src/modules/tickets/service.js';
import { paidOrder } from '../support/care.js';
import { createTestCustomer, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

type P = Awaited<ReturnType<typeof testPlatform>>;

async function mails(p: P, tenantId: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('outbox')
      .select('payload')
      .where('tenant_id', '=', tenantId)
      .where('topic', '=', 'email.send')
      .orderBy('id')
      .execute(),
  ).then((rows) => rows.map((r) => r.payload as { to: string; subject: string; text: string }));
}

const tokenIn = (text: string) => decodeURIComponent(/token=([^\s&]+)/.exec(text)![1]!);

describe('tickets', () => {
  it('guest → confirm → staff reply by e-mail → shopper answers from the link → resolved → CSAT', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = { host: store.host, token: store.owner.token };
    const opened = await request(p.app, 'POST', '/api/store/tickets', {
      host: store.host,
      body: { email: 'Guest@Example.test', subject: 'Broken <i>zip</i>', message: 'The zip broke.' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', confirmed: false });
    // Not in the inbox until the guest confirms.
    expect((await request(p.app, 'GET', '/api/admin/tickets', admin)).body.items).toHaveLength(0);
    const confirmMail = (await mails(p, store.tenant.id)).at(-1)!;
    expect(confirmMail.to).toBe('guest@example.test');
    const sub = await verifyLink(p.deps.keys, store.tenant.id, 'ticket-confirm', tokenIn(confirmMail.text));
    expect(sub).toBe(opened.body.id);
    await confirmGuestTicket(p.deps, store.tenant, sub!);
    const inbox = await request(p.app, 'GET', '/api/admin/tickets?assignee=none', admin);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0].sla.firstResponse).toBe('due');

    const id = opened.body.id as string;
    expect(
      (
        await request(p.app, 'POST', `/api/admin/tickets/${id}/messages`, {
          ...admin,
          body: { body: 'Internal: refund?', internal: true },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await request(p.app, 'POST', `/api/admin/tickets/${id}/messages`, {
          ...admin,
          body: { body: 'Sorry! Sending a new one.' },
        })
      ).status,
    ).toBe(201);
    const replyMail = (await mails(p, store.tenant.id)).at(-1)!;
    expect(replyMail.text).toContain('Sending a new one');
    expect(replyMail.text).not.toContain('Internal');
    const linkSub = await verifyLink(p.deps.keys, store.tenant.id, 'ticket', tokenIn(replyMail.text));
    expect(linkSub).toBe(id);
    const seen = await getTicketForShopper(p.deps.db, store.tenant.id, id, { linkTicketId: linkSub! });
    expect(seen.status).toBe('pending');
    expect(seen.messages.map((m) => m.author)).toEqual(['customer', 'staff']);

    const detail = await request(p.app, 'GET', `/api/admin/tickets/${id}`, admin);
    expect(detail.body.messages.map((m: { author: string }) => m.author)).toEqual([
      'customer',
      'note',
      'staff',
    ]);
    expect(detail.body.sla.firstResponse).toBe('met');

    const assign = await request(p.app, 'PATCH', `/api/admin/tickets/${id}`, {
      ...admin,
      body: { assigneeId: store.owner.id, status: 'resolved' },
    });
    expect(assign.status).toBe(200);
    expect(assign.body).toMatchObject({ status: 'resolved', assigneeId: store.owner.id });
    const mine = await request(p.app, 'GET', '/api/admin/tickets?assignee=me&status=resolved', admin);
    expect(mine.body.items).toHaveLength(1);
    const csatMail = (await mails(p, store.tenant.id)).at(-1)!;
    expect(csatMail.subject).toContain('How did we do');
    const csatSub = await verifyLink(p.deps.keys, store.tenant.id, 'csat', tokenIn(csatMail.text));
    expect(await answerCsat(p.deps.db, store.tenant.id, csatSub!, { rating: 5, comment: 'Quick!' })).toEqual({
      recorded: true,
    });
    expect(await answerCsat(p.deps.db, store.tenant.id, csatSub!, { rating: 1 })).toEqual({
      recorded: false,
    });
    await expect(answerCsat(p.deps.db, store.tenant.id, csatSub!, { rating: 9 })).rejects.toThrow();
    // A link of one purpose is not a link of another.
    expect(await verifyLink(p.deps.keys, store.tenant.id, 'ticket', tokenIn(csatMail.text))).toBeUndefined();
  });

  it('signed-in shopper: ticket on an order of theirs, thread, reply; another shopper sees 404', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const o = await paidOrder(p, store, { quantity: 1 });
    const shopper = { host: store.host, token: o.customer.token };
    const opened = await request(p.app, 'POST', '/api/store/tickets', {
      ...shopper,
      body: { subject: 'Late parcel', message: 'Where is it?', orderNumber: o.number },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.confirmed).toBe(true);
    const id = opened.body.id;
    expect((await request(p.app, 'GET', '/api/store/tickets', shopper)).body.items).toHaveLength(1);
    const reply = await request(p.app, 'POST', `/api/store/tickets/${id}/messages`, {
      ...shopper,
      body: { body: 'Any news?' },
    });
    expect(reply.status).toBe(201);
    const thread = await request(p.app, 'GET', `/api/store/tickets/${id}`, shopper);
    expect(thread.body.messages).toHaveLength(2);
    const other = await createTestCustomer(p.deps, store.tenant.id);
    expect(
      (await request(p.app, 'GET', `/api/store/tickets/${id}`, { host: store.host, token: other.token }))
        .status,
    ).toBe(404);
    // Someone else's order number is refused.
    const bad = await request(p.app, 'POST', '/api/store/tickets', {
      host: store.host,
      token: other.token,
      body: { subject: 'x', message: 'y', orderNumber: o.number },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses bad input and rate-limits ticket creation', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    for (const body of [
      { subject: 'Hi', message: 'no email' },
      { email: 'not-an-email', subject: 'Hi', message: 'x' },
      { email: 'a@example.test', subject: '', message: 'x' },
      { email: 'a@example.test', subject: 'Hi', message: '   ' },
      { email: 'a@example.test', subject: 'x'.repeat(201), message: 'x' },
    ]) {
      const res = await request(p.app, 'POST', '/api/store/tickets', { host: store.host, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const n = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('outbox').select('id').where('tenant_id', '=', store.tenant.id).execute(),
    );
    expect(n).toHaveLength(0);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(p.app, 'POST', '/api/store/tickets', {
        host: store.host,
        body: { email: 'same@example.test', subject: `Hi ${i}`, message: 'x' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});
