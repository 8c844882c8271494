/**
 * Closing a store (issue #17, point 6): the owner closes it from
 * /admin/store-data (typed handle), the storefront shows "closed" and
 * checkout refuses, the subscription is cancelled here and (through the
 * outbox) in the fake Stripe, the owner is e-mailed; reopening within the
 * grace period restores everything; the sweep reminds once 3 days ahead and
 * purges after the date: zero rows of the store in EVERY tenant table (the
 * list derived from the schema), another store's rows untouched, a tombstone
 * kept, the handle free; running it again changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { purgeClosedStore, runStoreClosingSweep } from '../../src/flows/store-purge.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { deleteOrder } from '../../src/modules/stores/repository-purge.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { addMember, createTestStore, createTestUser } from '../support/factories.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { APEX_HOST, request, testPlatform } from '../support/platform.js';
import {
  closeViaPage,
  outboxOf,
  ownerSession,
  rowsPerTable,
  seedStore as seed,
  subscribe,
} from './fixture.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });
const DAY = 86_400_000;

describe('closing a store', () => {
  it('orders tables children first and refuses a cycle', () => {
    expect(
      deleteOrder(
        ['a', 'b', 'c'],
        [
          { child: 'b', parent: 'a' },
          { child: 'c', parent: 'b' },
        ],
      ),
    ).toEqual(['c', 'b', 'a']);
    expect(() =>
      deleteOrder(
        ['a', 'b'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow(/cycle/);
  });

  it('close → closed storefront, cancelled subscription, e-mail; reopen restores everything', async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    await seed(p, a);
    const subId = await subscribe(p, fake, a);
    const staffUser = await addMember(p.deps, a.tenant.id, 'staff');
    const before = await rowsPerTable(p, a.tenant.id);
    const owner = await ownerSession(p, a);

    // Wrong handle: 400 next to the field, what was typed kept, nothing changed.
    const wrong = await closeViaPage(p, a, owner.cookie, 'not-the-handle');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(`Type ${a.tenant.handle} to confirm`);
    expect(wrong.text).toContain('value="not-the-handle"');
    expect((await getPage(p.app, a.host, '/')).status).toBe(200);

    // Staff cannot close.
    const staff = await pageLogin(p.app, a.host, '/admin/login', staffUser.email, staffUser.password);
    const staffPage = await getPage(p.app, a.host, '/admin', staff.cookie);
    const staffPost = await postForm(
      p.app,
      a.host,
      '/admin/store-data/close',
      { _csrf: csrfFrom(staffPage.text), confirm: a.tenant.handle },
      { cookie: staff.cookie },
    );
    expect(staffPost.status).toBe(403);
    // Another store's owner cannot close this one.
    const b = await createTestStore(p.deps);
    const other = await ownerSession(p, b);
    const otherPage = await getPage(p.app, b.host, '/admin/store-data', other.cookie);
    const cross = await postForm(
      p.app,
      a.host,
      '/admin/store-data/close',
      { _csrf: csrfFrom(otherPage.text), confirm: a.tenant.handle },
      { cookie: other.cookie },
    );
    // Its session is not one of this store's: sent to this store's sign-in (or refused), nothing closed.
    if (cross.status === 303) expect(cross.headers.get('location')).toBe('/admin/login');
    else expect([403, 404]).toContain(cross.status);
    expect((await getPage(p.app, a.host, '/')).status).toBe(200);

    const ok = await closeViaPage(p, a, owner.cookie, a.tenant.handle.toUpperCase());
    expect(ok.status).toBe(303);
    const home = await getPage(p.app, a.host, '/');
    expect(home.status).toBe(410);
    expect(home.text).toContain('This store is closed');
    // The store API (cart/checkout) refuses.
    expect((await request(p.app, 'POST', '/api/store/carts', { host: a.host, body: {} })).status).toBe(503);
    // Admin: banner with the purge date and "Reopen store".
    const admin = await getPage(p.app, a.host, '/admin', owner.cookie);
    expect(admin.text).toContain('This store is closed.');
    expect(admin.text).toContain('/admin/store-data/reopen');
    const closure = await withTenant(p.deps.db, a.tenant.id, (trx) =>
      trx.selectFrom('store_closures').selectAll().executeTakeFirstOrThrow(),
    );
    const days = (closure.purge_after.getTime() - closure.requested_at.getTime()) / DAY;
    expect(days).toBeCloseTo(30, 5);
    expect(closure.reason).toBe('Retiring');

    // Billing stops here; Stripe's cancellation is queued once and the worker's call is idempotent.
    const sub = await withTenant(p.deps.db, a.tenant.id, (trx) =>
      trx.selectFrom('subscriptions').select('status').executeTakeFirstOrThrow(),
    );
    expect(sub.status).toBe('canceled');
    const events = await outboxOf(p, a.tenant.id);
    const cancels = events.filter((e) => e.topic === 'billing.subscription_cancel');
    expect(cancels).toHaveLength(1);
    expect((cancels[0]!.payload as { subscriptionId: string }).subscriptionId).toBe(subId);
    // (Its delivery through the relay and the billing worker: purge-aftermath.test.ts.)
    const mails = events
      .filter((e) => e.topic === 'email.send')
      .map((e) => e.payload as { to: string; subject: string });
    expect(mails).toContainEqual(
      expect.objectContaining({ to: a.owner.email, subject: `Your store ${a.tenant.handle} is closing` }),
    );

    // Closing twice is refused.
    const again = await closeViaPage(p, a, owner.cookie, a.tenant.handle);
    expect(again.status).toBe(409);

    // Reopen: active again, every row as before (plus the log and the outbox's own rows).
    const page = await getPage(p.app, a.host, '/admin/store-data', owner.cookie);
    const re = await postForm(
      p.app,
      a.host,
      '/admin/store-data/reopen',
      { _csrf: csrfFrom(page.text) },
      {
        cookie: owner.cookie,
      },
    );
    expect(re.status).toBe(303);
    expect((await getPage(p.app, a.host, '/')).status).toBe(200);
    const after = await rowsPerTable(p, a.tenant.id);
    for (const [t, n] of Object.entries(before))
      if (!['audit_log', 'outbox', 'subscription_changes', 'store_closures'].includes(t))
        expect([t, after[t]]).toEqual([t, n]);
    expect(after.store_closures).toBe(0);
    const reopenedMail = (await outboxOf(p, a.tenant.id)).filter(
      (e) => e.topic === 'email.send' && (e.payload as { subject: string }).subject.includes('open again'),
    );
    expect(reopenedMail).toHaveLength(1);
    expect((await getPage(p.app, a.host, '/admin', owner.cookie)).text).not.toContain(
      'This store is closed.',
    );
  });

  it('sweep: one reminder 3 days ahead, purge after the date of every tenant row, others untouched, idempotent', async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    await seed(p, a);
    await seed(p, b);
    await subscribe(p, fake, a);
    const owner = await ownerSession(p, a);
    expect((await closeViaPage(p, a, owner.cookie, a.tenant.handle)).status).toBe(303);
    const bBefore = await rowsPerTable(p, b.tenant.id);
    const aBefore = await rowsPerTable(p, a.tenant.id);
    expect(aBefore.products).toBe(1);
    expect(aBefore.orders).toBe(1);
    expect(aBefore.store_closures).toBe(1);
    const t0 = Date.now();
    const at = (days: number) => new Date(t0 + days * DAY);

    // Day 20: nothing. Day 28: the reminder, once however often the sweep runs.
    expect(await runStoreClosingSweep(p.deps, at(20))).toMatchObject({ purged: 0 });
    await runStoreClosingSweep(p.deps, at(28));
    await runStoreClosingSweep(p.deps, at(28.5));
    const reminders = (await outboxOf(p, a.tenant.id)).filter(
      (e) =>
        e.topic === 'email.send' && (e.payload as { subject: string }).subject.includes('will be deleted'),
    );
    expect(reminders).toHaveLength(1);
    expect((await rowsPerTable(p, a.tenant.id)).products).toBe(1);

    // Day 31: purged.
    await runStoreClosingSweep(p.deps, at(31));
    const aAfter = await rowsPerTable(p, a.tenant.id);
    expect(Object.keys(aAfter).length).toBeGreaterThan(40);
    expect(Object.entries(aAfter).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsPerTable(p, b.tenant.id)).toEqual(bBefore);
    const left = await withPlatformAccess(p.deps.db, async (trx) => ({
      tenant: await trx.selectFrom('tenants').select('id').where('id', '=', a.tenant.id).executeTakeFirst(),
      tomb: await trx
        .selectFrom('store_tombstones')
        .selectAll()
        .where('store_id', '=', a.tenant.id)
        .execute(),
      audit: await trx
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('action', '=', 'store.purged')
        .where('target_id', '=', a.tenant.id)
        .execute(),
    }));
    expect(left.tenant).toBeUndefined();
    expect(left.tomb).toHaveLength(1);
    expect(left.tomb[0]).toMatchObject({
      handle: a.tenant.handle,
      owner_email: a.owner.email,
      purged_by: null,
    });
    expect(left.tomb[0]!.rows_removed.products).toBe(1);
    expect(left.audit).toHaveLength(1);
    // The address is free: the subdomain no longer resolves, and the handle can be taken again.
    expect((await getPage(p.app, a.host, '/')).status).toBe(404);
    const again = await createTestStore(p.deps, { handle: a.tenant.handle });
    expect(again.tenant.id).not.toBe(a.tenant.id);

    // Idempotent: again, nothing happens.
    expect(await runStoreClosingSweep(p.deps, at(32))).toEqual({ reminded: 0, purged: 0 });
    expect(await purgeClosedStore(p.deps, a.tenant.id, null)).toBeNull();
    expect(await rowsPerTable(p, b.tenant.id)).toEqual(bBefore);
  });

  it('console: closing state on the list and page; purge now needs a reason; cancel closing reopens', async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    const c = await createTestStore(p.deps);
    for (const s of [a, c]) {
      const o = await ownerSession(p, s);
      expect((await closeViaPage(p, s, o.cookie, s.tenant.handle)).status).toBe(303);
    }
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const login = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const list = await getPage(p.app, APEX_HOST, `/console?q=${a.tenant.handle}`, login.cookie);
    expect(list.text).toContain('Closing');
    const page = await getPage(p.app, APEX_HOST, `/console/tenants/${a.tenant.id}`, login.cookie);
    expect(page.text).toContain('Purge now');
    expect(page.text).toContain('Cancel closing');
    const csrf = csrfFrom(page.text);

    const noReason = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${a.tenant.id}/purge`,
      { _csrf: csrf, reason: '', confirm: a.tenant.handle },
      { cookie: login.cookie },
    );
    expect(noReason.status).toBe(400);
    expect((await rowsPerTable(p, a.tenant.id)).store_closures).toBe(1);

    const purge = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${a.tenant.id}/purge`,
      { _csrf: csrf, reason: 'Owner asked by phone', confirm: a.tenant.handle },
      { cookie: login.cookie },
    );
    expect(purge.status).toBe(303);
    expect(Object.values(await rowsPerTable(p, a.tenant.id)).every((n) => n === 0)).toBe(true);
    const tomb = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('store_tombstones')
        .selectAll()
        .where('store_id', '=', a.tenant.id)
        .executeTakeFirstOrThrow(),
    );
    expect(tomb).toMatchObject({ purged_by: admin.id, purge_reason: 'Owner asked by phone' });

    const cancel = await postForm(
      p.app,
      APEX_HOST,
      `/console/tenants/${c.tenant.id}/cancel-closing`,
      { _csrf: csrf, reason: 'Changed their mind' },
      { cookie: login.cookie },
    );
    expect(cancel.status).toBe(303);
    expect((await getPage(p.app, c.host, '/')).status).toBe(200);
    const audit = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('tenant_id', '=', c.tenant.id)
        .where('action', '=', 'store.closing_cancelled')
        .execute(),
    );
    expect(audit).toEqual([{ action: 'store.closing_cancelled', actor_id: admin.id }]);
  });

  it('API: owner closes with the handle (400 otherwise), reads the purge date, reopens', async () => {
    const p = await platform;
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const bad = await request(p.app, 'POST', '/api/admin/store/close', {
      ...opts,
      body: { confirm: 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ path: 'confirm' });
    expect((await request(p.app, 'GET', '/api/admin/store/closing', opts)).body).toEqual({ closing: null });
    const ok = await request(p.app, 'POST', '/api/admin/store/close', {
      ...opts,
      body: { confirm: s.tenant.handle, reason: 'API' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.closing).toMatchObject({ reason: 'API' });
    const state = await request(p.app, 'GET', '/api/admin/store/closing', opts);
    expect(state.body.closing.purgeAfter).toBe(ok.body.closing.purgeAfter);
    expect((await request(p.app, 'POST', '/api/admin/store/reopen', opts)).status).toBe(200);
    expect((await request(p.app, 'POST', '/api/admin/store/reopen', opts)).status).toBe(409);
    expect((await request(p.app, 'GET', '/api/admin/store/closing', opts)).body).toEqual({ closing: null });
  });
});
