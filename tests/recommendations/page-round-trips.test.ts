/**
 * What the storefront pages with recommendation rows send to PostgreSQL, counted on the wire (a delaying
 * TCP proxy reads the frontend messages: every statement, and the round trip it was written in), for a
 * fresh app whose database goes through the proxy:
 *   - a product's first view reads the product (with the serving state when its lease expired) in ONE
 *     round trip and does NOT wait for its cold lists: it answers with a placeholder, and the rows
 *     fragment the browser then asks for reads them (one statement, with their first cards); a repeat
 *     view reads neither and shows the rows inline (this changed with the fragment: before, the first
 *     view carried the lists' read in the product's round trip and waited for it);
 *   - pages with a cart read its products once (the page context's read): the home page's "for you" and
 *     the product page's lists leave them out without reading the cart again;
 *   - the cart page sends no recommendation statement: "complete your order" is a placeholder its
 *     fragment fills (the fragment reads the cart and the basket's lists; before, the page itself sent
 *     2 recommendation statements in 2 round trips for a new basket).
 * Load-independent: counts, not times. Each case prints its counts (the report's before/after table).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createDb, createPool, type Db } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { ReadCache } from '../../src/lib/http/read-cache.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { signalRecorderFor } from '../../src/modules/recommendations/service.js';
import { startWireProxy, type WireProxy, type WireStatement } from '../lib/wire-proxy.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertCart, insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let store: TestStore;
let proxy: WireProxy;
let db: Db;
let app: ReturnType<typeof createApp>;
const P: Record<string, ProductDetail> = {};

beforeAll(async () => {
  p = await testPlatform();
  store = await createTestStore(p.deps);
  const add = async (key: string, title: string, tags: string[]) => {
    P[key] = await createTestProduct(p.deps, store.tenant.id, { title, tags });
  };
  await add('coat', 'Wool winter coat', ['wool', 'winter']);
  await add('scarf', 'Wool scarf', ['wool', 'winter']);
  await add('gloves', 'Wool gloves', ['wool']);
  await add('hat', 'Wool beanie hat', ['wool', 'winter']);
  await add('shirt', 'Linen summer shirt', ['linen', 'summer']);
  await add('dress', 'Linen summer dress', ['linen', 'summer']);
  const orders = (products: ProductDetail[], n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => insertOrder(p.deps, store.tenant.id, products, { daysAgo: i + 1 })),
    );
  await orders([P.coat!, P.scarf!], 4);
  await orders([P.coat!, P.gloves!], 2);
  await orders([P.shirt!, P.dress!], 3);
  await rebuildStore(p.deps.db, store.tenant.id, p.deps.now());

  const u = new URL(inject('databaseUrl'));
  proxy = await startWireProxy({ host: u.hostname, port: Number(u.port || 5432) }, 60);
  db = createDb(createPool({ connectionString: proxy.url(appDatabaseUrl(inject('databaseUrl'))), max: 6 }), {
    prepare: true,
  });
  // A fresh process: its own serving cache (keyed by db) and read cache (kept while "live").
  app = createApp({ ...p.deps, db, readCache: new ReadCache({ isLive: () => true }) });
  // Open the pool's sessions before counting (a new session's start-up is not the page's).
  await Promise.all(Array.from({ length: 6 }, () => db.connection().execute(async () => undefined)));
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await proxy?.close();
});

const isRecs = (s: WireStatement) => /recommendation_/.test(s.sql);
const isProduct = (s: WireStatement) => /'low_stock_threshold'/.test(s.sql);
const isCart = (s: WireStatement) => /cart_items/.test(s.sql);
const isStatement = (s: WireStatement) => !/^\s*(begin|commit|rollback)\b/i.test(s.sql);

/** One GET through the app; what it sent to the database. */
async function view(path: string, cookie?: string) {
  // Views buffered by earlier requests are written now, not in the middle of this one.
  await signalRecorderFor(db).flush();
  proxy.reset();
  const res = await app.request(`http://${store.host}${path}`, {
    headers: { host: store.host, ...(cookie ? { cookie } : {}) },
  });
  const html = await res.text();
  expect(res.status).toBe(200);
  await new Promise((r) => setTimeout(r, 150)); // anything the render started in the background
  const sent = proxy.statements().filter(isStatement);
  const tripsOf = (f: (s: WireStatement) => boolean) => new Set(sent.filter(f).map((s) => s.trip)).size;
  const counts = {
    statements: sent.length,
    roundTrips: proxy.connectionBursts(),
    recsStatements: sent.filter(isRecs).length,
    listReads: sent.filter((s) => /recommendation_neighbours/.test(s.sql)).length,
    productStatements: sent.filter(isProduct).length,
    cartReads: sent.filter(isCart).length,
    reviewReads: sent.filter((s) => /\bfrom reviews\b/.test(s.sql)).length,
    productAndRecsTrips: tripsOf((s) => isRecs(s) || isProduct(s)),
  };
  console.log(`[round trips] ${path}${cookie ? ' (cart)' : ''}: ${JSON.stringify(counts)}`);
  return { html, ...counts, kindsRead: kindsRead(sent), setCookie: res.headers.get('set-cookie') };
}

/**
 * The list kinds the page's statements read of recommendation_neighbours (each statement's `kind in
 * (...)`; a statement naming none reads every kind and counts as all of them).
 */
function kindsRead(sent: WireStatement[]): string[] {
  const kinds = new Set<string>();
  for (const s of sent.filter((x) => /recommendation_neighbours/.test(x.sql))) {
    const named = /\bkind in \(([^)]*)\)/.exec(s.sql);
    const list = named ? [...named[1]!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!) : ['every kind'];
    for (const k of list) kinds.add(k);
  }
  return [...kinds].sort();
}

const slotOf = (html: string) => /id="rec-product-slot"[^>]*data-src="([^"]+)"/.exec(html)?.[1];

describe('product page', () => {
  it('a first view reads the product in ONE round trip, its fragment the cold lists; a repeat reads neither', async () => {
    await view('/'); // the store's chrome, tenant and serving state warm, as in a running process
    const first = await view(`/products/${P.coat!.handle}`);
    expect(first.html).not.toContain('Frequently bought together');
    expect(slotOf(first.html)).toBe(`/products/${P.coat!.handle}/recommendations`);
    expect(first.productStatements).toBe(1);
    expect(first.listReads).toBe(0);
    expect(first.productAndRecsTrips).toBe(1);
    const rows = await view(slotOf(first.html)!);
    expect(rows.html).toContain('Frequently bought together');
    expect(rows.html).toContain(P.scarf!.title);
    // The product from the read cache; the lists in one statement, only the kinds the page shows (and
    // their cards): not "for you"'s hybrid lists.
    expect(rows.productStatements).toBe(0);
    expect(rows.listReads).toBe(1);
    expect(rows.kindsRead).toEqual(['bought_together', 'similar']);
    const again = await view(`/products/${P.coat!.handle}`);
    expect(slotOf(again.html)).toBeUndefined();
    expect(again.html).toContain(P.scarf!.title);
    // Neither the product nor its lists again (the store's version is re-read once a second at most).
    expect(again.productStatements + again.listReads).toBe(0);
  });

  it('reads its reviews once: the JSON-LD and the reviews section share the read', async () => {
    const first = await view(`/products/${P.shirt!.handle}`);
    // The summary and the first page of reviews, once each (not once for the head and again for the body).
    expect(first.reviewReads).toBe(2);
    // Another page of reviews: the head's JSON-LD still reads the first page, newest first.
    const sorted = await view(`/products/${P.shirt!.handle}?reviews_sort=helpful`);
    expect(sorted.reviewReads).toBe(4);
  });

  it("a fragment whose product this process has not read: the product's read carries the lists (one round trip)", async () => {
    await view('/');
    // No page view before: neither the read cache nor the serving cache holds the dress or its lists.
    const rows = await view(`/products/${P.dress!.handle}/recommendations`);
    expect(rows.html).toContain(P.shirt!.title);
    expect(rows.productStatements).toBe(1);
    expect(rows.listReads).toBe(1);
    expect(rows.productAndRecsTrips).toBe(1);
    expect(rows.kindsRead).toEqual(['bought_together', 'similar']);
  });

  it('with a cart: the cart is read once by the page and once by its fragment, the product in one round trip', async () => {
    const cartId = await insertCart(p.deps, store.tenant.id, [P.scarf!.variants[0]!.id]);
    const first = await view(`/products/${P.hat!.handle}`, `sl_cart=${cartId}`);
    expect(first.cartReads).toBe(1);
    expect(first.productAndRecsTrips).toBe(1);
    const rows = await view(slotOf(first.html)!, `sl_cart=${cartId}`);
    expect(rows.cartReads).toBe(1);
    expect(rows.html).not.toContain(`/products/${P.scarf!.handle}"`);
    const withCart = await view(`/products/${P.coat!.handle}`, `sl_cart=${cartId}`);
    expect(withCart.cartReads).toBe(1);
    expect(withCart.listReads).toBe(0);
    // The cart's scarf is left out of both lists; gloves (also bought with the coat) lead instead.
    expect(withCart.html).not.toContain(`/products/${P.scarf!.handle}"`);
    expect(withCart.html).toContain(P.gloves!.title);
  });
});

describe('home page', () => {
  it('with a cart, "for you" leaves out the cart products the page context read: one cart read', async () => {
    const cartId = await insertCart(p.deps, store.tenant.id, [P.shirt!.variants[0]!.id]);
    const cookie = `sl_cart=${cartId}`;
    const first = await view('/', cookie);
    expect(first.cartReads).toBe(1);
    const again = await view('/', cookie);
    expect(again.cartReads).toBe(1);
    expect(again.html).toMatch(/id="rec-home"/);
    const row = again.html.slice(again.html.indexOf('id="rec-home"'));
    expect(row.slice(0, row.indexOf('</section>'))).not.toContain(`/products/${P.shirt!.handle}"`);
  });

  it('without a cart (counts for the record)', async () => {
    const none = await view('/');
    expect(none.cartReads).toBe(0);
  });

  it('"for you" of a shopper with history reads only the hybrid lists, and shows them', async () => {
    const product = await view(`/products/${P.shirt!.handle}`);
    const session = /sl_rec=([^;]+)/.exec(product.setCookie ?? '')?.[1];
    expect(session).toBeTruthy();
    const home = await view('/', `sl_rec=${session}`);
    expect(home.kindsRead).toEqual(['hybrid']);
    expect(home.html).toContain('Recommended for you');
  });
});

describe('cart page', () => {
  it('"complete your order" is a fragment: the cart page sends no recommendation statement, the fragment reads the lists', async () => {
    await view('/'); // the store's chrome, tenant and serving state warm, as in a running process
    const cartId = await insertCart(p.deps, store.tenant.id, [P.coat!.variants[0]!.id]);
    const cart = await view('/cart', `sl_cart=${cartId}`);
    expect(cart.cartReads).toBe(1);
    expect(cart.recsStatements).toBe(0);
    expect(cart.html).not.toContain('Complete your order');
    expect(cart.html).toContain('id="rec-cart-slot"');
    expect(cart.html).toContain('data-src="/cart/recommendations"');
    // The fragment reads the cart (its page context) and the new basket's lists, with their first cards.
    const rows = await view('/cart/recommendations', `sl_cart=${cartId}`);
    expect(rows.cartReads).toBe(1);
    expect(rows.html).toContain('Complete your order');
    expect(rows.html).toContain(P.scarf!.title);
    expect(rows.html).not.toContain(`/products/${P.coat!.handle}"`);
    // Bought together, then hybrid: never the product page's "similar".
    expect(rows.kindsRead).toEqual(['bought_together', 'hybrid']);
  });

  it('an empty cart shows no slot; no cart is a 404 fragment', async () => {
    const empty = await insertCart(p.deps, store.tenant.id, []);
    const page = await view('/cart', `sl_cart=${empty}`);
    expect(page.html).not.toContain('rec-cart-slot');
    expect(page.recsStatements).toBe(0);
    const res = await app.request(`http://${store.host}/cart/recommendations`, {
      headers: { host: store.host },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});
