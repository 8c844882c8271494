/**
 * Whose "for you" and whose cart: the recommendations and cart routes read their optional customer
 * through the one customer door (lib/http/middleware `signedInCustomerIdOf`), so a customer principal of
 * another store never personalises a store's lists or owns its carts — checked on the helpers with a
 * forged cross-store principal (the door itself), and end to end with another store's real token.
 */
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/lib/http/context.js';
import { cartViewer } from '../../src/modules/cart/routes.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { signalRecorderFor } from '../../src/modules/recommendations/service.js';
import { recommendationShopper } from '../../src/modules/recommendations/store-routes.js';
import {
  createTestCustomer,
  createTestProduct,
  createTestStore,
  type TestStore,
} from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
let b: TestStore;
const A: Record<string, ProductDetail> = {};

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  b = await createTestStore(p.deps);
  for (const [key, title, tags] of [
    ['coat', 'Wool winter coat', ['wool']],
    ['scarf', 'Wool scarf', ['wool']],
    ['shirt', 'Linen summer shirt', ['linen']],
    ['dress', 'Linen summer dress', ['linen']],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: [...tags] });
  }
  for (let i = 0; i < 4; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.scarf!], { daysAgo: i + 1 });
  await insertOrder(p.deps, a.tenant.id, [A.shirt!, A.dress!], { daysAgo: 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

/** What the helpers make of a request on store A's host carrying `principal`. */
async function seenBy(principal: AppEnv['Variables']['principal']) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('site', { kind: 'store', tenant: a.tenant, url: `http://${a.host}` });
    c.set('principal', principal);
    await next();
  });
  app.get('/', (c) =>
    c.json({ shopper: recommendationShopper(c, false).customerId, cart: cartViewer(c).customerId }),
  );
  return (await (await app.request('/')).json()) as { shopper: string | null; cart: string | null };
}

describe('the one customer door', () => {
  it('a customer principal of another store is a guest here (recommendations and cart)', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(await seenBy({ kind: 'customer', customerId: id, tenantId: b.tenant.id })).toEqual({
      shopper: null,
      cart: null,
    });
    expect(await seenBy({ kind: 'customer', customerId: id, tenantId: a.tenant.id })).toEqual({
      shopper: id,
      cart: id,
    });
    expect(await seenBy({ kind: 'user', userId: id })).toEqual({ shopper: null, cart: null });
  });

  it("another store's customer token never personalises this store's lists", async () => {
    const own = await createTestCustomer(p.deps, a.tenant.id);
    const foreign = await createTestCustomer(p.deps, b.tenant.id);
    const viewed = await request(p.app, 'POST', '/api/store/recommendations/events', {
      host: a.host,
      token: own.token,
      body: { kind: 'view', productId: A.shirt!.id },
    });
    expect(viewed.status).toBe(202);
    await signalRecorderFor(p.deps.db).flush();
    const mine = await request(p.app, 'GET', '/api/store/recommendations?limit=2', {
      host: a.host,
      token: own.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items[0]).toMatchObject({ id: A.dress!.id });
    expect(mine.body.items[0].reason).not.toBe('popular in this store');

    for (const path of ['/api/store/recommendations', `/api/store/products/${A.coat!.id}/recommendations`]) {
      const res = await request(p.app, 'GET', path, { host: a.host, token: foreign.token });
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(A.dress!.id);
    }
    const cart = await request(p.app, 'POST', '/api/store/carts', { host: a.host, token: foreign.token });
    expect(cart.status).toBe(401);
  });
});
