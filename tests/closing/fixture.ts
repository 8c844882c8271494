/**
 * The one setup of the closing and export tests: a store with a product, a
 * customer and an order; its owner's admin session; closing it from
 * /admin/store-data; its subscription through the fake Stripe; and the
 * platform reads the tests assert on (rows per tenant table, outbox rows).
 */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { listTenantTablesInDeleteOrder } from '../../src/modules/stores/repository-purge.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestCustomer, createTestProduct, type TestStore } from '../support/factories.js';
import { deliverEvent, type startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform } from '../support/platform.js';

type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

/** A product, a customer and one order (paid at `paidAt` when given). */
export async function seedStore(
  p: TestPlatform,
  s: TestStore,
  order: { total?: number; paidAt?: Date; manual?: boolean } = {},
) {
  const product = await createTestProduct(p.deps, s.tenant.id);
  const customer = await createTestCustomer(p.deps, s.tenant.id);
  const total = order.total ?? 500;
  const row = await withTenant(p.deps.db, s.tenant.id, (trx) =>
    trx
      .insertInto('orders')
      .values({
        tenant_id: s.tenant.id,
        number: 1,
        customer_id: customer.id,
        email: customer.email,
        currency: 'USD',
        subtotal: total,
        total,
        ...(order.paidAt ? { paid_at: order.paidAt, placed_at: order.paidAt, status: 'paid' as const } : {}),
        ...(order.manual ? { payment_provider: 'manual' } : {}),
        shipping_address: JSON.stringify({
          name: 'A',
          line1: 'B',
          city: 'C',
          postalCode: '1',
          country: 'US',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { product, customer, order: row };
}

/** Rows of the store in every table with a tenant_id (platform read, for the test's eyes). */
export async function rowsPerTable(p: TestPlatform, tenantId: string): Promise<Record<string, number>> {
  return withPlatformAccess(p.deps.db, async (trx) => {
    const tables = await listTenantTablesInDeleteOrder(trx);
    const out: Record<string, number> = {};
    for (const t of tables) {
      const r = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(t)} where tenant_id = ${tenantId}`.execute(trx);
      out[t] = r.rows[0]?.n ?? 0;
    }
    return out;
  });
}

/** The store subscribes to Growth through the admin API and the fake Stripe's signed event; its Stripe id. */
export async function subscribe(p: TestPlatform, fake: FakeStripe, store: TestStore): Promise<string> {
  const res = await request(p.app, 'POST', '/api/admin/billing/checkout', {
    host: store.host,
    token: store.owner.token,
    body: { plan: 'growth' },
  });
  expect(res.status).toBe(200);
  const customer = await withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .selectFrom('subscriptions')
      .select('stripe_customer_id')
      .where('tenant_id', '=', store.tenant.id)
      .executeTakeFirstOrThrow(),
  );
  const sub = fake.upsertSubscription({
    customer: customer.stripe_customer_id!,
    price: 'price_growth_test',
    status: 'active',
    tenantId: store.tenant.id,
  });
  const evt = fake.event('customer.subscription.created', sub);
  expect((await deliverEvent(p.app, evt)).status).toBe(200);
  await processStripeEvent(p.deps, evt.id);
  return sub.id as string;
}

export function ownerSession(p: TestPlatform, s: TestStore) {
  return pageLogin(p.app, s.host, '/admin/login', s.owner.email, s.owner.password);
}

export async function closeViaPage(p: TestPlatform, s: TestStore, cookie: string, confirm: string) {
  const page = await getPage(p.app, s.host, '/admin/store-data', cookie);
  return postForm(
    p.app,
    s.host,
    '/admin/store-data/close',
    { _csrf: csrfFrom(page.text), confirm, reason: 'Retiring' },
    { cookie },
  );
}

export function outboxOf(p: TestPlatform, tenantId: string) {
  return withPlatformAccess(p.deps.db, (trx) =>
    trx
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'sent_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
  );
}
