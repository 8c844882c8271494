/**
 * The storefront read cache across processes: two real API processes
 * (src/main.ts, cache on) on one database. A price change and a stock change
 * made through process A are visible through process B within one second,
 * although B answered the same reads from its memory just before (the
 * category tree too, after a category is created, renamed or deleted; and
 * B's HTML product page, which reads through the same cache); ETags turn
 * repeat reads into 304s and change with the data; and when B's notice
 * connection is cut, B stops trusting its memory (reads go to the database)
 * until it listens again.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, httpSend, scratchDatabase, startApi } from '../../bench/harness.js';
import { CATALOG_STOCK_POLL_MS } from '../../src/modules/catalog/store-cache.js';

const HANDLE = 'cachetwo';
let db: { url: string; drop: () => Promise<void> };
let a: ApiProcess;
let b: ApiProcess;
let token = '';
let productId = '';
let variantId = '';
let handle = '';

const storeHost = (api: ApiProcess) => `${HANDLE}.localhost:${api.port}`;

function call(api: ApiProcess, path: string, opts: Parameters<typeof httpSend>[2] = {}) {
  return httpSend(`${api.url}${path}`, storeHost(api), opts);
}

function admin(path: string, method: string, json: unknown) {
  return call(a, path, { method, json, headers: { authorization: `Bearer ${token}` } });
}

/** The part of the store answers these checks read. */
interface Answer {
  price: number;
  inStock: boolean;
  variants: { price: number; available: number }[];
  items: { price: number }[];
}

/** Reads through `api` until `done` holds; answers how long it took after `since`. */
async function until(api: ApiProcess, path: string, done: (body: Answer) => boolean, since: number) {
  for (;;) {
    const r = await call(api, path);
    expect(r.status).toBe(200);
    if (done(JSON.parse(r.body))) return Date.now() - since;
    if (Date.now() - since > 5_000) throw new Error(`not visible after 5 s: ${r.body.slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/**
 * Reads through `api` until an answer comes from its memory (the second read,
 * unless a change committed just before is still arriving: stock moves are
 * polled every CATALOG_STOCK_POLL_MS).
 */
async function warm(api: ApiProcess, path: string) {
  await call(api, path);
  let r = await call(api, path);
  for (const t0 = Date.now(); r.headers['x-cache'] !== 'hit' && Date.now() - t0 < 1_000; ) {
    await new Promise((res) => setTimeout(res, CATALOG_STOCK_POLL_MS));
    r = await call(api, path);
  }
  expect(r.status).toBe(200);
  expect(r.headers['x-cache']).toBe('hit');
  return r;
}

beforeAll(async () => {
  db = await scratchDatabase('cache2p');
  [a, b] = await Promise.all([startApi(db.url), startApi(db.url)]);
  const signup = await httpSend(`${a.url}/api/signup`, `localhost:${a.port}`, {
    method: 'POST',
    json: {
      email: 'owner@cachetwo.test',
      password: 'correct horse battery',
      storeName: 'Cache',
      handle: HANDLE,
    },
  });
  expect(signup.status, signup.body).toBe(201);
  token = JSON.parse(signup.body).accessToken;
  const created = await admin('/api/admin/products', 'POST', {
    title: 'Linen Shirt',
    status: 'active',
    variants: [{ sku: 'LS-1', price: 1000, stock: 5 }],
  });
  expect(created.status, created.body).toBe(201);
  const p = JSON.parse(created.body);
  productId = p.id;
  variantId = p.variants[0].id;
  handle = p.handle;
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

describe('storefront read cache on two API processes', () => {
  it('answers repeat reads from memory with an ETag and 304 on If-None-Match', async () => {
    const first = await warm(b, `/api/store/products/${productId}`);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await call(b, `/api/store/products/${productId}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    // The other process computes the same ETag for the same data.
    const fromA = await call(a, `/api/store/products/${productId}`, { headers: { 'if-none-match': etag } });
    expect(fromA.status).toBe(304);
  });

  it('shows a price changed through A in B within one second, detail and list', async () => {
    const detail = await warm(b, `/api/store/products/${productId}`);
    await warm(b, '/api/store/products?sort=price_asc');
    const since = Date.now();
    const patched = await admin(`/api/admin/products/${productId}`, 'PATCH', {
      variants: [{ id: variantId, price: 1234 }],
    });
    expect(patched.status, patched.body).toBe(200);
    const detailMs = await until(b, `/api/store/products/${productId}`, (p) => p.price === 1234, since);
    const listMs = await until(
      b,
      '/api/store/products?sort=price_asc',
      (l) => l.items[0]?.price === 1234,
      since,
    );
    expect(detailMs).toBeLessThan(1_000);
    expect(listMs).toBeLessThan(1_000);
    // The old ETag no longer matches: the client gets the new body.
    const stale = await call(b, `/api/store/products/${productId}`, {
      headers: { 'if-none-match': detail.headers.etag as string },
    });
    expect(stale.status).toBe(200);
    expect(JSON.parse(stale.body).variants[0].price).toBe(1234);
  });

  it('shows a stock change through A in B within one second', async () => {
    await warm(b, `/api/store/products/${productId}`);
    await warm(b, '/api/store/products?inStock=true');
    const since = Date.now();
    const adjusted = await admin('/api/admin/inventory/adjustments', 'POST', {
      variantId,
      delta: -5,
      reason: 'correction',
    });
    expect(adjusted.status, adjusted.body).toBe(200);
    const ms = await until(
      b,
      `/api/store/products/${productId}`,
      (p) => p.variants[0]?.available === 0 && p.inStock === false,
      since,
    );
    const listMs = await until(b, '/api/store/products?inStock=true', (l) => l.items.length === 0, since);
    expect(ms).toBeLessThan(1_000);
    expect(listMs).toBeLessThan(1_000);
  });

  it("shows a price and a stock change through A on B's product page within one second", async () => {
    const page = async () => {
      const r = await call(b, `/products/${handle}`);
      expect(r.status).toBe(200);
      return r.body;
    };
    // Sold out at 12.34 (the tests above), rendered twice by B: the second from its memory.
    expect(await page()).toContain('Sold out');
    expect(await page()).toContain('12.34');
    const since = Date.now();
    const patched = await admin(`/api/admin/products/${productId}`, 'PATCH', {
      variants: [{ id: variantId, price: 1300 }],
    });
    expect(patched.status, patched.body).toBe(200);
    const restocked = await admin('/api/admin/inventory/adjustments', 'POST', {
      variantId,
      delta: 3,
      reason: 'restock',
    });
    expect(restocked.status, restocked.body).toBe(200);
    for (;;) {
      const html = await page();
      if (html.includes('13.00') && !html.includes('Sold out')) break;
      if (Date.now() - since > 5_000) throw new Error('the page did not change within 5 s');
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(Date.now() - since).toBeLessThan(1_000);
  });

  it('keeps the category tree and shows a category created, renamed or deleted through A in B within one second', async () => {
    const names = async () =>
      (
        JSON.parse((await call(b, '/api/store/categories')).body) as {
          items: { handle: string; name: string }[];
        }
      ).items
        .map((c) => `${c.handle}:${c.name}`)
        .sort();
    const seen = async (want: (xs: string[]) => boolean, since: number) => {
      for (;;) {
        const xs = await names();
        if (want(xs)) return Date.now() - since;
        if (Date.now() - since > 5_000) throw new Error(`not visible after 5 s: ${xs.join(', ')}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    await warm(b, '/api/store/categories');
    let since = Date.now();
    const created = await admin('/api/admin/categories', 'POST', { handle: 'lamps', name: 'Lamps' });
    expect(created.status, created.body).toBe(201);
    const id = JSON.parse(created.body).id as string;
    expect(await seen((xs) => xs.includes('lamps:Lamps'), since)).toBeLessThan(1_000);
    await warm(b, '/api/store/categories');
    since = Date.now();
    const renamed = await admin(`/api/admin/categories/${id}`, 'PATCH', { name: 'Lighting' });
    expect(renamed.status, renamed.body).toBe(200);
    expect(await seen((xs) => xs.includes('lamps:Lighting'), since)).toBeLessThan(1_000);
    await warm(b, '/api/store/categories');
    since = Date.now();
    const deleted = await admin(`/api/admin/categories/${id}`, 'DELETE', undefined);
    expect(deleted.status, deleted.body).toBe(200);
    expect(await seen((xs) => !xs.some((x) => x.startsWith('lamps:')), since)).toBeLessThan(1_000);
  });

  it('stops serving from memory while its notice connection is down', async () => {
    await warm(b, `/api/store/products/${productId}`);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Cut both processes' listeners, then change the price at once: nothing may answer the old one.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'storeloom-listener' and datname = current_database()`,
      );
      const patched = await call(a, `/api/admin/products/${productId}`, {
        method: 'PATCH',
        json: { variants: [{ id: variantId, price: 1500 }] },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(patched.status, patched.body).toBe(200);
      const r = await call(b, `/api/store/products/${productId}`);
      expect(JSON.parse(r.body).price).toBe(1500);
      // Listening again (reconnect with backoff), it caches again.
      const since = Date.now();
      for (;;) {
        const again = await call(b, `/api/store/products/${productId}`);
        expect(JSON.parse(again.body).price).toBe(1500);
        if (again.headers['x-cache'] === 'hit') break;
        if (Date.now() - since > 10_000) throw new Error('the cache did not come back');
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await admin.end();
    }
  });
});
