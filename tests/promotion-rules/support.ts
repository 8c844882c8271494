/** Helpers for the promotion-rules tests: an overstocked variant and rule/proposal calls over the API. */
import { expect } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { runProposalsJob } from '../../src/modules/promotion-rules/propose.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform } from '../support/platform.js';
import { insertSales, insertVariant } from '../workers/fixtures/data.js';

export const CLEARANCE = {
  name: 'Clear overstock',
  kind: 'clearance',
  params: { coverDays: 120, stepBp: 1500, stepEveryDays: 14, maxDepthBp: 4000 },
  durationDays: 14,
};

/** A store with one variant: price 1000, cost 400, 300 in stock, 11 sold in the last 28 days. */
export async function overstockedStore(p: TestPlatform, opts: { store?: TestStore; stock?: number } = {}) {
  const store = opts.store ?? (await createTestStore(p.deps));
  const v = await insertVariant(p.deps, store.tenant.id, {
    price: 1000,
    cost: 400,
    stock: opts.stock ?? 300,
  });
  await insertSales(p.deps, store.tenant.id, v, [
    { daysAgo: 3, quantity: 5 },
    { daysAgo: 12, quantity: 6 },
  ]);
  // The fixture's sales took order numbers 1001–1002: checkout continues after them.
  await withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .insertInto('order_counters')
      .values({ tenant_id: store.tenant.id, next_number: 2001 })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ next_number: 2001 }))
      .execute(),
  );
  return { store, ...v, opts: { host: store.host, token: store.owner.token } };
}

export async function createRule(
  p: TestPlatform,
  store: TestStore,
  body: Record<string, unknown> = CLEARANCE,
) {
  const res = await request(p.app, 'POST', '/api/admin/promotion-rules', {
    host: store.host,
    token: store.owner.token,
    body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

export async function proposeNow(
  p: TestPlatform,
  store: TestStore,
  key = `t:${Date.now()}:${Math.random()}`,
) {
  return runProposalsJob(p.deps.db, store.tenant.id, key, new Date());
}

export async function openProposals(p: TestPlatform, store: TestStore) {
  const res = await request(p.app, 'GET', '/api/admin/promotion-proposals', {
    host: store.host,
    token: store.owner.token,
  });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown> & { id: string; explanation: string }>;
}
