import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { adjustStock } from '../../src/modules/inventory/service.js';
import { catalogCounts } from '../catalog/helpers.js';
import { addMember, createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('POST /api/admin/inventory/adjustments', () => {
  it('changes stock, writes the ledger and a stock.changed event', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    const prod = await createTestProduct(p.deps, s.tenant.id, {
      variants: [{ sku: uniq('V-'), price: 100, stock: 10, lowStockThreshold: 3 }],
    });
    const v = prod.variants[0]!;
    const res = await request(p.app, 'POST', '/api/admin/inventory/adjustments', {
      host: s.host,
      token: staff.token,
      body: { variantId: v.id, delta: -4, reason: 'damage', note: 'dropped' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ variantId: v.id, stock: 6, reserved: 0, available: 6 });
    const level = await request(p.app, 'GET', `/api/admin/variants/${v.id}/inventory`, {
      host: s.host,
      token: staff.token,
    });
    expect(level.body).toMatchObject({
      variantId: v.id,
      stock: 6,
      reserved: 0,
      available: 6,
      lowStockThreshold: 3,
    });
    const ledger = await request(p.app, 'GET', `/api/admin/variants/${v.id}/adjustments`, {
      host: s.host,
      token: staff.token,
    });
    expect(
      ledger.body.items.map((e: { delta: number; reason: string; stockAfter: number }) => [
        e.delta,
        e.reason,
        e.stockAfter,
      ]),
    ).toEqual([
      [-4, 'damage', 6],
      [10, 'initial', 10],
    ]);
    expect(ledger.body.items[0]).toMatchObject({ note: 'dropped', actor: { type: 'user', id: staff.id } });
    const events = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('tenant_id', '=', s.tenant.id)
        .where('topic', '=', 'stock.changed')
        .orderBy('id')
        .execute(),
    );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ variantId: v.id, stock: 10, available: 10, threshold: 3 }),
      expect.objectContaining({
        variantId: v.id,
        productId: prod.id,
        sku: v.sku,
        stock: 6,
        reserved: 0,
        available: 6,
        threshold: 3,
        previousAvailable: 10,
      }),
    ]);
  });

  it('answers 409 insufficient_stock below zero or below reserved, writing nothing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const prod = await createTestProduct(p.deps, s.tenant.id, {
      variants: [{ sku: uniq('V-'), price: 100, stock: 5 }],
    });
    const v = prod.variants[0]!;
    // Hold 3 units the way checkout does.
    await withTenant(p.deps.db, s.tenant.id, (trx) =>
      adjustStock(trx, s.tenant.id, {
        variantId: v.id,
        delta: 0,
        reservedDelta: 3,
        reason: 'reservation',
        actor: { type: 'system' },
      }),
    );
    const before = await catalogCounts(p.deps, s.tenant.id);
    for (const delta of [-6, -3]) {
      const res = await request(p.app, 'POST', '/api/admin/inventory/adjustments', {
        host: s.host,
        token: s.owner.token,
        body: { variantId: v.id, delta, reason: 'correction' },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('insufficient_stock');
    }
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
    const ok = await request(p.app, 'POST', '/api/admin/inventory/adjustments', {
      host: s.host,
      token: s.owner.token,
      body: { variantId: v.id, delta: -2, reason: 'correction' },
    });
    expect(ok.body).toMatchObject({ stock: 3, reserved: 3, available: 0 });
    // Selling out flips the product's in_stock (trigger), restocking flips it back.
    const inStock = async () =>
      (
        await withTenant(p.deps.db, s.tenant.id, (trx) =>
          trx.selectFrom('products').select('in_stock').where('id', '=', prod.id).executeTakeFirstOrThrow(),
        )
      ).in_stock;
    expect(await inStock()).toBe(false);
    await request(p.app, 'POST', '/api/admin/inventory/adjustments', {
      host: s.host,
      token: s.owner.token,
      body: { variantId: v.id, delta: 1, reason: 'restock' },
    });
    expect(await inStock()).toBe(true);
  });

  it('rejects bad input with 400 and unknown or foreign variants with 404', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const other = await createTestStore(p.deps);
    const mine = (await createTestProduct(p.deps, s.tenant.id)).variants[0]!;
    const foreign = (await createTestProduct(p.deps, other.tenant.id)).variants[0]!;
    const before = await catalogCounts(p.deps, s.tenant.id);
    const post = (body: unknown) =>
      request(p.app, 'POST', '/api/admin/inventory/adjustments', {
        host: s.host,
        token: s.owner.token,
        body,
      });
    for (const body of [
      { variantId: mine.id, delta: 0, reason: 'restock' },
      { variantId: mine.id, delta: 1.5, reason: 'restock' },
      { variantId: mine.id, delta: 5_000_000_000, reason: 'restock' },
      { variantId: mine.id, delta: '1', reason: 'restock' },
      { variantId: mine.id, delta: 1, reason: 'reservation' },
      { variantId: mine.id, delta: 1, reason: 'gift' },
      { variantId: mine.id, delta: 1, reason: 'restock', extra: true },
      { variantId: 'nope', delta: 1, reason: 'restock' },
      { delta: 1, reason: 'restock' },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    for (const variantId of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await post({ variantId, delta: 1, reason: 'restock' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      const get = await request(p.app, 'GET', `/api/admin/variants/${variantId}/inventory`, {
        host: s.host,
        token: s.owner.token,
      });
      expect(get.status).toBe(404);
    }
    // Overflow of int4 by accumulation is a 400, never a 500.
    await post({ variantId: mine.id, delta: 1_000_000_000, reason: 'restock' });
    const before2 = await catalogCounts(p.deps, s.tenant.id);
    for (let i = 0; i < 2; i++) await post({ variantId: mine.id, delta: 1_000_000_000, reason: 'restock' });
    const overflow = await post({ variantId: mine.id, delta: 1_000_000_000, reason: 'restock' });
    expect(overflow.status).toBe(400);
    expect(before.products).toBe(before2.products);
    const foreignAfter = await withTenant(p.deps.db, other.tenant.id, (trx) =>
      trx.selectFrom('variants').select('stock').where('id', '=', foreign.id).executeTakeFirstOrThrow(),
    );
    expect(foreignAfter.stock).toBe(10);
  });

  it('50 concurrent −1 adjustments on stock 20: exactly 20 succeed, stock 0, 20 ledger rows', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = (
      await createTestProduct(p.deps, s.tenant.id, { variants: [{ sku: uniq('C-'), price: 100, stock: 20 }] })
    ).variants[0]!;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(p.app, 'POST', '/api/admin/inventory/adjustments', {
          host: s.host,
          token: s.owner.token,
          body: { variantId: v.id, delta: -1, reason: 'correction' },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(20);
    expect(statuses.filter((x) => x === 409)).toHaveLength(30);
    const stocks = results.filter((r) => r.status === 200).map((r) => r.body.stock as number);
    expect(new Set(stocks).size).toBe(20);
    const rows = await withTenant(p.deps.db, s.tenant.id, async (trx) => ({
      variant: await trx
        .selectFrom('variants')
        .select(['stock', 'reserved'])
        .where('id', '=', v.id)
        .executeTakeFirstOrThrow(),
      ledger: await trx
        .selectFrom('inventory_adjustments')
        .select(['delta', 'stock_after'])
        .where('variant_id', '=', v.id)
        .where('reason', '=', 'correction')
        .execute(),
    }));
    expect(rows.variant).toEqual({ stock: 0, reserved: 0 });
    expect(rows.ledger).toHaveLength(20);
    expect(rows.ledger.map((l) => l.stock_after).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('pages the ledger with a cursor; malformed cursor → 400', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = (await createTestProduct(p.deps, s.tenant.id)).variants[0]!;
    for (let i = 0; i < 6; i++) {
      await request(p.app, 'POST', '/api/admin/inventory/adjustments', {
        host: s.host,
        token: s.owner.token,
        body: { variantId: v.id, delta: 1, reason: 'restock' },
      });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(
        p.app,
        'GET',
        `/api/admin/variants/${v.id}/adjustments?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { host: s.host, token: s.owner.token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { stockAfter: number }) => e.stockAfter));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([16, 15, 14, 13, 12, 11, 10]);
    for (const qs of ['?cursor=xyz', '?limit=101', '?limit=0']) {
      const res = await request(p.app, 'GET', `/api/admin/variants/${v.id}/adjustments${qs}`, {
        host: s.host,
        token: s.owner.token,
      });
      expect(res.status, qs).toBe(400);
    }
  });
});
