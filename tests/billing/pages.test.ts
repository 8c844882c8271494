/**
 * Admin money pages (cookie session): billing with its banner and plan forms
 * (POST → 303 to Stripe Checkout), the not-configured message, payments and
 * settlement pages, the CSV download, and the login redirect.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { insertUserSession } from '../../src/modules/auth/sessions.js';
import { createTestStore, createTestUser, type TestStore } from '../support/factories.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });
const unconfigured = testPlatform();

async function session(p: TestPlatform, store: TestStore) {
  const s = await insertUserSession(p.deps.db, {
    userId: store.owner.id,
    kind: 'page',
    site: `store:${store.tenant.id}`,
    now: new Date(),
    ttlSeconds: 3600,
  });
  return { cookie: `sl_session=${s.secret}`, csrf: s.csrfToken! };
}

async function page(
  p: TestPlatform,
  store: TestStore,
  method: string,
  path: string,
  opts: { cookie?: string; form?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { host: store.host };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = `http://${store.host}`;
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await p.app.request(`http://${store.host}${path}`, {
    method,
    headers,
    body,
    redirect: 'manual',
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}

describe('admin money pages', () => {
  it('billing page shows plan, entitlements and a past-due banner; choosing a plan redirects to Stripe Checkout', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const s = await session(p, store);
    const view = await page(p, store, 'GET', '/admin/billing', { cookie: s.cookie });
    expect(view.status).toBe(200);
    expect(view.text).toContain('data-testid="plan">trial<');
    expect(view.text).toContain('Choose Growth');
    // Rendered inside the shared admin shell, with the money sub-navigation.
    expect(view.text).toContain('Sign out');
    expect(view.text).toContain('aria-label="Money"');
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .insertInto('subscriptions')
        .values({
          tenant_id: store.tenant.id,
          plan: 'growth',
          status: 'past_due',
          grace_ends_at: new Date('2030-01-08T00:00:00Z'),
          updated_at: new Date(),
        })
        .execute(),
    );
    const pastDue = await page(p, store, 'GET', '/admin/billing', { cookie: s.cookie });
    expect(pastDue.text).toContain('role="alert"');
    expect(pastDue.text).toContain('Your last payment failed');
    const choose = await page(p, store, 'POST', '/admin/billing/checkout', {
      cookie: s.cookie,
      form: { plan: 'growth', _csrf: s.csrf },
    });
    expect(choose.status).toBe(303);
    expect(choose.location).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const noCsrf = await page(p, store, 'POST', '/admin/billing/checkout', {
      cookie: s.cookie,
      form: { plan: 'growth' },
    });
    expect(noCsrf.status).toBe(403);
    const portal = await page(p, store, 'POST', '/admin/billing/portal', {
      cookie: s.cookie,
      form: { _csrf: s.csrf },
    });
    expect(portal.status).toBe(303);
    expect(portal.location).toMatch(/^https:\/\/billing\.stripe\.test\//);
  });

  it('payments and settlement pages render; CSV downloads', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const s = await session(p, store);
    const pay = await page(p, store, 'GET', '/admin/payments', { cookie: s.cookie });
    expect(pay.status).toBe(200);
    expect(pay.text).toContain('Connect with Stripe');
    const connect = await page(p, store, 'POST', '/admin/payments/connect', {
      cookie: s.cookie,
      form: { _csrf: s.csrf },
    });
    expect(connect.status).toBe(303);
    expect(connect.location).toMatch(/^https:\/\/connect\.stripe\.test\/setup\//);
    const settle = await page(p, store, 'GET', '/admin/settlement', { cookie: s.cookie });
    expect(settle.status).toBe(200);
    expect(settle.text).toContain('No payouts yet');
    const csv = await page(p, store, 'GET', '/admin/settlement.csv', { cookie: s.cookie });
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('payout_id,arrival_date')).toBe(true);
  });

  it('without a session → redirect to the admin login; another store’s session → 404', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const other = await createTestStore(p.deps);
    const anon = await page(p, store, 'GET', '/admin/billing');
    expect(anon.status).toBe(303);
    expect(anon.location).toBe('/admin/login');
    const otherSession = await session(p, other);
    // A session bound to another store's site is not valid here at all.
    const cross = await page(p, store, 'GET', '/admin/settlement', { cookie: otherSession.cookie });
    expect(cross.status).toBe(303);
  });

  it('a store suspended for billing: admin forms are read-only except billing', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const s = await session(p, store);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ status: 'suspended', suspended_reason: 'billing', suspended_at: new Date() })
        .where('id', '=', store.tenant.id)
        .execute(),
    );
    const connect = await page(p, store, 'POST', '/admin/payments/connect', {
      cookie: s.cookie,
      form: { _csrf: s.csrf },
    });
    expect(connect.status).toBe(409);
    const portal = await page(p, store, 'POST', '/admin/billing/portal', {
      cookie: s.cookie,
      form: { _csrf: s.csrf },
    });
    expect(portal.status).toBe(303);
    const view = await page(p, store, 'GET', '/admin/billing', { cookie: s.cookie });
    expect(view.text).toContain('suspended for non-payment');
  });

  it('without Stripe keys the billing page says billing is not configured', async () => {
    const p = await unconfigured;
    const store = await createTestStore(p.deps);
    const s = await session(p, store);
    const view = await page(p, store, 'GET', '/admin/billing', { cookie: s.cookie });
    expect(view.status).toBe(200);
    expect(view.text).toContain('Billing is not configured on this platform');
    expect(view.text).toContain('data-testid="plan">developer<');
    const pay = await page(p, store, 'GET', '/admin/payments', { cookie: s.cookie });
    expect(pay.text).toContain('Card payments are not configured');
  });
});

describe('console billing page', () => {
  it('shows plan, status and MRR per store and the total to platform admins; others are refused', async () => {
    const p = await platform;
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .insertInto('subscriptions')
        .values({ tenant_id: store.tenant.id, plan: 'pro', status: 'active', updated_at: new Date() })
        .execute(),
    );
    await withPlatformAccess(p.deps.db, (trx) =>
      trx.updateTable('tenants').set({ plan: 'pro' }).where('id', '=', store.tenant.id).execute(),
    );
    const s = await insertUserSession(p.deps.db, {
      userId: admin.id,
      kind: 'page',
      site: 'apex',
      now: new Date(),
      ttlSeconds: 3600,
    });
    const res = await p.app.request('http://localhost:3000/console/billing', {
      headers: { host: 'localhost:3000', cookie: `sl_session=${s.secret}` },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(store.tenant.handle);
    expect(html).toContain('$299.00');
    expect(html).toContain('data-testid="total-mrr"');
    const merchant = await insertUserSession(p.deps.db, {
      userId: store.owner.id,
      kind: 'page',
      site: 'apex',
      now: new Date(),
      ttlSeconds: 3600,
    });
    const denied = await p.app.request('http://localhost:3000/console/billing', {
      headers: { host: 'localhost:3000', cookie: `sl_session=${merchant.secret}` },
    });
    expect(denied.status).toBe(403);
    const anon = await p.app.request('http://localhost:3000/console/billing', {
      headers: { host: 'localhost:3000' },
      redirect: 'manual',
    });
    expect(anon.status).toBe(303);
  });
});
