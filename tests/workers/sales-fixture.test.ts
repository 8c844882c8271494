/**
 * The sales-history fixture (insertSales) takes order numbers the way
 * checkout does: a real order placed afterwards gets the next number, not one
 * the fixture already used (orders are unique per store and number).
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { paidOrder } from '../support/care.js';
import { createTestStore } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';
import { insertSales, insertVariant } from './fixtures/data.js';

describe('insertSales', () => {
  it('moves the store’s order counter past the numbers it takes', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, store.tenant.id, { stock: 50 });
    await insertSales(p.deps, store.tenant.id, v, [
      { daysAgo: 3, quantity: 2 },
      { daysAgo: 2, quantity: 0 },
      { daysAgo: 1, quantity: 1 },
    ]);
    const numbers = () =>
      withTenant(p.deps.db, store.tenant.id, (trx) =>
        trx
          .selectFrom('orders')
          .select('number')
          .where('tenant_id', '=', store.tenant.id)
          .orderBy('number')
          .execute(),
      ).then((rows) => rows.map((r) => r.number));
    expect(await numbers()).toEqual([1001, 1002]);

    const placed = await paidOrder(p, store, { quantity: 1, fulfil: false });
    expect(placed.number).toBe(1003);
    // A second batch continues after the checkout's order, and checkout after it again.
    await insertSales(p.deps, store.tenant.id, v, [{ daysAgo: 1, quantity: 4 }]);
    expect((await paidOrder(p, store, { quantity: 1, fulfil: false })).number).toBe(1005);
    expect(await numbers()).toEqual([1001, 1002, 1003, 1004, 1005]);
  });
});
