/**
 * Helpers shared by the cart, checkout and order tests: a store with one
 * sellable variant, carts filled through the API, and checkout calls.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform } from '../support/platform.js';

export interface Shop {
  store: TestStore;
  productId: string;
  variantId: string;
}

export async function shopWithVariant(
  p: TestPlatform,
  opts: { stock?: number; price?: number; currency?: string; store?: TestStore } = {},
): Promise<Shop> {
  const store = opts.store ?? (await createTestStore(p.deps, { currency: opts.currency }));
  const product = await createTestProduct(p.deps, store.tenant.id, {
    variants: [
      { sku: `SKU-${randomUUID().slice(0, 8)}`, price: opts.price ?? 1000, stock: opts.stock ?? 10 },
    ],
  });
  const variantId = product.variants[0]!.id;
  return { store, productId: product.id, variantId };
}

export async function addVariant(
  p: TestPlatform,
  store: TestStore,
  opts: { stock?: number; price?: number } = {},
): Promise<string> {
  const product = await createTestProduct(p.deps, store.tenant.id, {
    variants: [
      { sku: `SKU-${randomUUID().slice(0, 8)}`, price: opts.price ?? 1000, stock: opts.stock ?? 10 },
    ],
  });
  return product.variants[0]!.id;
}

export async function createCart(
  p: TestPlatform,
  store: TestStore,
  items: { variantId: string; quantity: number }[],
  token?: string,
): Promise<string> {
  const res = await request(p.app, 'POST', '/api/store/carts', { host: store.host, token });
  expect(res.status).toBe(201);
  for (const item of items) {
    const add = await request(p.app, 'POST', `/api/store/carts/${res.body.id}/items`, {
      host: store.host,
      token,
      body: item,
    });
    expect(add.status).toBe(200);
  }
  return res.body.id;
}

export const ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};

export function checkoutBody(extra: Record<string, unknown> = {}) {
  return { email: 'ada@example.test', shippingAddress: ADDRESS, ...extra };
}

export function checkoutReq(
  p: TestPlatform,
  store: TestStore,
  cartId: string,
  opts: { key?: string | null; body?: unknown; token?: string } = {},
) {
  const key = opts.key === undefined ? randomUUID() : opts.key;
  return request(p.app, 'POST', `/api/store/carts/${cartId}/checkout`, {
    host: store.host,
    token: opts.token,
    headers: key === null ? {} : { 'idempotency-key': key },
    body: opts.body ?? checkoutBody(),
  });
}

export async function variantLevels(p: TestPlatform, tenantId: string, variantId: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('variants')
      .select(['stock', 'reserved'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', variantId)
      .executeTakeFirstOrThrow(),
  );
}

export async function countRows(
  p: TestPlatform,
  tenantId: string,
  table: 'orders' | 'reservations' | 'inventory_adjustments' | 'idempotency_keys',
): Promise<number> {
  return withTenant(p.deps.db, tenantId, async (trx) => {
    const r = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

/** A placed order (pending payment) for `quantity` units of a fresh variant. */
export async function placedOrder(
  p: TestPlatform,
  opts: { stock?: number; quantity?: number; price?: number } = {},
) {
  const shop = await shopWithVariant(p, { stock: opts.stock ?? 10, price: opts.price });
  const cartId = await createCart(p, shop.store, [
    { variantId: shop.variantId, quantity: opts.quantity ?? 2 },
  ]);
  const res = await checkoutReq(p, shop.store, cartId);
  expect(res.status).toBe(201);
  return { ...shop, cartId, order: res.body.order as { id: string; number: number; total: number } };
}

/** A pending order in an existing store (for isolation cases). */
export async function orderIn(p: TestPlatform, store: TestStore): Promise<string> {
  const { variantId } = await shopWithVariant(p, { store, stock: 5 });
  const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
  const res = await checkoutReq(p, store, cartId);
  expect(res.status).toBe(201);
  return res.body.order.id;
}
