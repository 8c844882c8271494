/** Store API carts: happy path, bad input, ownership and merging. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { mergeCarts } from '../../src/modules/cart/service.js';
import { addVariant, checkoutBody, createCart, shopWithVariant } from '../checkout/support.js';
import { createTestCustomer, createTestProduct } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('carts: happy path', () => {
  it('creates an empty cart, adds to a line, changes and removes it', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5, price: 1250 });
    const created = await request(p.app, 'POST', '/api/store/carts', { host: store.host });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ items: [], subtotal: 0, currency: 'USD', status: 'active' });
    const id = created.body.id;

    let res = await request(p.app, 'POST', `/api/store/carts/${id}/items`, {
      host: store.host,
      body: { variantId, quantity: 2 },
    });
    expect(res.status).toBe(200);
    res = await request(p.app, 'POST', `/api/store/carts/${id}/items`, {
      host: store.host,
      body: { variantId, quantity: 1 },
    });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      variantId,
      quantity: 3,
      unitPrice: 1250,
      lineTotal: 3750,
      available: 5,
    });
    expect(res.body.subtotal).toBe(3750);

    res = await request(p.app, 'PATCH', `/api/store/carts/${id}/items/${variantId}`, {
      host: store.host,
      body: { quantity: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.subtotal).toBe(6250);

    res = await request(p.app, 'GET', `/api/store/carts/${id}`, { host: store.host });
    expect(res.body.itemCount).toBe(5);

    res = await request(p.app, 'DELETE', `/api/store/carts/${id}/items/${variantId}`, { host: store.host });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [], subtotal: 0 });
  });

  it('uses the store currency', async () => {
    const p = await testPlatform();
    const { store } = await shopWithVariant(p, { currency: 'JPY' });
    const res = await request(p.app, 'POST', '/api/store/carts', { host: store.host });
    expect(res.body.currency).toBe('JPY');
  });
});

describe('carts: errors', () => {
  it('rejects zero, negative, fractional, huge and non-numeric quantities with 400 and changes nothing', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    for (const quantity of [0, -1, 1.5, 10_001, 1e12, '2', null]) {
      const res = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
        host: store.host,
        body: { variantId, quantity },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const bad = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
      host: store.host,
      body: { variantId, quantity: 1, price: 1 },
    });
    expect(bad.status).toBe(400);
    const patch = await request(p.app, 'PATCH', `/api/store/carts/${cartId}/items/${variantId}`, {
      host: store.host,
      body: { quantity: 0 },
    });
    expect(patch.status).toBe(400);
    const cart = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host });
    expect(cart.body.items[0].quantity).toBe(1);
  });

  it('answers 409 insufficient_stock when the line would exceed what is available', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 3 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const res = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
      host: store.host,
      body: { variantId, quantity: 2 },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('insufficient_stock');
    const cart = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host });
    expect(cart.body.items[0].quantity).toBe(2);
  });

  it('answers 404 for unknown, foreign and unpublished variants and unknown carts', async () => {
    const p = await testPlatform();
    const a = await shopWithVariant(p);
    const b = await shopWithVariant(p);
    const draft = await createTestProduct(p.deps, a.store.tenant.id, { status: 'draft' });
    const cartId = await createCart(p, a.store, []);
    for (const variantId of [b.variantId, draft.variants[0]!.id, '3f1c1d7e-5b1a-4c55-9a0e-0c6f1f7a9b11']) {
      const res = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
        host: a.store.host,
        body: { variantId, quantity: 1 },
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const foreignCart = await createCart(p, b.store, []);
    expect(
      (await request(p.app, 'GET', `/api/store/carts/${foreignCart}`, { host: a.store.host })).status,
    ).toBe(404);
    expect((await request(p.app, 'GET', '/api/store/carts/not-a-uuid', { host: a.store.host })).status).toBe(
      400,
    );
    const missingLine = await request(p.app, 'DELETE', `/api/store/carts/${cartId}/items/${a.variantId}`, {
      host: a.store.host,
    });
    expect(missingLine.status).toBe(404);
  });

  it('rejects malformed JSON and SQL-looking ids without a 500', async () => {
    const p = await testPlatform();
    const { store } = await shopWithVariant(p);
    const cartId = await createCart(p, store, []);
    const raw = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
      host: store.host,
      raw: '{"variantId": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(raw.status).toBe(400);
    const sqlish = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
      host: store.host,
      body: { variantId: "' or 1=1 --", quantity: 1 },
    });
    expect(sqlish.status).toBe(400);
  });
});

describe('carts: security', () => {
  it("hides a shopper's cart from guests and other shoppers", async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const bob = await createTestCustomer(p.deps, store.tenant.id);
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }], ada.token);
    expect(
      (await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host, token: ada.token }))
        .status,
    ).toBe(200);
    for (const token of [undefined, bob.token]) {
      const get = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host, token });
      expect(get.status).toBe(404);
      const add = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
        host: store.host,
        token,
        body: { variantId, quantity: 1 },
      });
      expect(add.status).toBe(404);
    }
  });

  it("rejects another store's shopper token", async () => {
    const p = await testPlatform();
    const a = await shopWithVariant(p);
    const b = await shopWithVariant(p);
    const foreign = await createTestCustomer(p.deps, b.store.tenant.id);
    const res = await request(p.app, 'POST', '/api/store/carts', {
      host: a.store.host,
      token: foreign.token,
    });
    expect(res.status).toBe(401);
  });
});

describe('mergeCarts', () => {
  it('hands a guest cart to a shopper without a cart', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const guest = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const id = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      mergeCarts(trx, store.tenant.id, guest, ada.id),
    );
    expect(id).toBe(guest);
    const res = await request(p.app, 'GET', `/api/store/carts/${guest}`, {
      host: store.host,
      token: ada.token,
    });
    expect(res.body.items[0].quantity).toBe(2);
    expect((await request(p.app, 'GET', `/api/store/carts/${guest}`, { host: store.host })).status).toBe(404);
  });

  it("folds guest lines into the shopper's cart, capped by availability", async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 4 });
    const other = await addVariant(p, store, { stock: 10 });
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const own = await createCart(p, store, [{ variantId, quantity: 3 }], ada.token);
    const guest = await createCart(p, store, [
      { variantId, quantity: 3 },
      { variantId: other, quantity: 1 },
    ]);
    const id = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      mergeCarts(trx, store.tenant.id, guest, ada.id),
    );
    expect(id).toBe(own);
    const res = await request(p.app, 'GET', `/api/store/carts/${own}`, {
      host: store.host,
      token: ada.token,
    });
    const qty = Object.fromEntries(
      res.body.items.map((i: { variantId: string; quantity: number }) => [i.variantId, i.quantity]),
    );
    expect(qty).toEqual({ [variantId]: 4, [other]: 1 });
    const g = await request(p.app, 'GET', `/api/store/carts/${guest}`, { host: store.host });
    expect(g.body.status).toBe('merged');
    const add = await request(p.app, 'POST', `/api/store/carts/${guest}/items`, {
      host: store.host,
      body: { variantId: other, quantity: 1 },
    });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('invalid_state');
  });
});

describe('carts: concurrent adds (one statement per add)', () => {
  it('30 concurrent adds of one unit to one line: every increment lands, never past what is available', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 20 });
    const cartId = await createCart(p, store, []);
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
          host: store.host,
          body: { variantId, quantity: 1 },
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toBe(20);
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r.body.error.code).toBe('insufficient_stock');
    const cart = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host });
    expect(cart.body.items).toHaveLength(1);
    expect(cart.body.items[0].quantity).toBe(20);
  });

  it('adds racing the checkout of the same cart either make the order or get 409, never vanish', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 1000 });
    const other = await addVariant(p, store, { stock: 1000 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const adds = Array.from({ length: 10 }, () =>
      request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
        host: store.host,
        body: { variantId: other, quantity: 1 },
      }),
    );
    const checkout = request(p.app, 'POST', `/api/store/carts/${cartId}/checkout`, {
      host: store.host,
      headers: { 'idempotency-key': `race-${cartId}` },
      body: checkoutBody(),
    });
    const [order, ...added] = await Promise.all([checkout, ...adds]);
    expect(order.status).toBe(201);
    const accepted = added.filter((r) => r.status === 200).length;
    for (const r of added.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('invalid_state');
    }
    // Every accepted add happened before the checkout locked the cart: all of them are in the order.
    const lines = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('order_lines')
        .select(['variant_id', 'quantity'])
        .where('tenant_id', '=', store.tenant.id)
        .where('order_id', '=', order.body.order.id)
        .execute(),
    );
    const ofOther = lines.find((l) => l.variant_id === other)?.quantity ?? 0;
    expect(ofOther).toBe(accepted);
  });

  it('a refused add leaves the cart untouched (updated_at included)', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 2 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const before = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('carts').select('updated_at').where('id', '=', cartId).executeTakeFirstOrThrow(),
    );
    const res = await request(p.app, 'POST', `/api/store/carts/${cartId}/items`, {
      host: store.host,
      body: { variantId, quantity: 1 },
    });
    expect(res.status).toBe(409);
    const after = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('carts').select('updated_at').where('id', '=', cartId).executeTakeFirstOrThrow(),
    );
    expect(after.updated_at).toEqual(before.updated_at);
  });
});
