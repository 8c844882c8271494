/** Helpers for the promotion-rules tests: an overstocked variant and rule/proposal calls over the API. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { runProposalsJob } from '../../src/modules/promotion-rules/propose.js';
import type { BrowserHarness } from '../support/browser.js';
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

/**
 * The shopper filled the cart a minute ago and the store's promotions ended
 * 30 s ago: between what the shopper saw and the order they place now.
 */
export async function endPromotionsAfterQuote(p: TestPlatform, tenantId: string) {
  await withTenant(p.deps.db, tenantId, async (trx) => {
    await trx
      .updateTable('carts')
      .set({ updated_at: new Date(Date.now() - 60_000) })
      .where('tenant_id', '=', tenantId)
      .execute();
    await trx
      .updateTable('promotion_offers')
      .set({ starts_at: new Date(Date.now() - 120_000), ends_at: new Date(Date.now() - 30_000) })
      .where('tenant_id', '=', tenantId)
      .execute();
  });
}

/** Keeps a screenshot the harness took under /tmp/promo-shots (looked at by hand, never committed). */
export function keepShot(b: BrowserHarness, name: string) {
  const out = '/tmp/promo-shots';
  mkdirSync(out, { recursive: true });
  copyFileSync(join(b.shotsDir, `${name}.png`), join(out, `${name}.png`));
}
