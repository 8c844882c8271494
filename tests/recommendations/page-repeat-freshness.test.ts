/**
 * A product page's repeat view takes its recommendation lists as a repeat of an earlier answer (no
 * composing, no reads: serve-cache.ts's page answers) and its rows' HTML from the memo keyed by that
 * answer (recommendation-memo.ts) — yet everything the serving cache would show still shows within the
 * same freshness: a price change and a sale-out within the card lifetime, a merchant's pin and exclusion
 * and a rebuild at once in this process, and the cart's products are left out per view. Each case first
 * checks that the repeat really was answered from memory, so it tests the memo rather than a cold path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/lib/money.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { serveCacheFor } from '../../src/modules/recommendations/serve-cache.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { getProductPageWithRows } from './fixtures/rows-view.js';
import { insertCart, insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
const A: Record<string, ProductDetail> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  for (const [key, title] of [
    ['coat', 'Repeat winter coat'],
    ['scarf', 'Repeat wool scarf'],
    ['gloves', 'Repeat wool gloves'],
    ['hat', 'Repeat wool hat'],
    ['shirt', 'Repeat linen shirt'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: ['wool'] });
  }
  for (let i = 0; i < 3; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.scarf!], { daysAgo: i + 1 });
  await insertOrder(p.deps, a.tenant.id, [A.coat!, A.gloves!], { daysAgo: 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

/**
 * The rows' HTML of a coat page view as the browser shows it (cold lists: from the page's fragment), from
 * the first recommendation section to the last.
 */
async function coatRows(cookie?: string): Promise<string> {
  const html = (await getProductPageWithRows(p.app, a.host, `/products/${A.coat!.handle}`, cookie)).text;
  const start = html.indexOf('<section class="recommendations"');
  return start < 0 ? '' : html.slice(start, html.lastIndexOf('</section>') + 10);
}

/** The "Frequently bought together" section's HTML ('' when none). */
const pairOf = (rows: string) => {
  const start = rows.indexOf('id="rec-together"');
  return start < 0 ? '' : rows.slice(start, rows.indexOf('</section>', start));
};
const links = (rows: string, x: ProductDetail) => rows.includes(`/products/${x.handle}"`);

/** Views the coat twice and checks the second was a repeat (lists from memory, nothing composed). */
async function warmRepeat(cookie?: string): Promise<string> {
  await coatRows(cookie);
  const before = serveCacheFor(p.deps.db).stats.pageRepeats;
  const rows = await coatRows(cookie);
  expect(serveCacheFor(p.deps.db).stats.pageRepeats).toBe(before + 1);
  return rows;
}

/** Views the coat until `done(rows)` (at most `ms`); returns the last rows. */
async function until(done: (rows: string) => boolean, ms = 5000, cookie?: string): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const rows = await coatRows(cookie);
    if (done(rows) || Date.now() - t0 > ms) return rows;
    await sleep(50);
  }
}

const admin = (method: 'PATCH' | 'POST' | 'PUT', path: string, body: unknown) =>
  request(p.app, method, path, { host: a.host, token: a.owner.token, body });

describe('product page recommendation rows answered as a repeat stay fresh', () => {
  it("a companion's new price shows within the card lifetime", async () => {
    expect(pairOf(await warmRepeat())).toContain(A.scarf!.title);
    const v = A.scarf!.variants[0]!;
    const shown = formatMoney(v.price + 777, 'USD');
    const res = await admin('PATCH', `/api/admin/products/${A.scarf!.id}`, {
      variants: [{ id: v.id, price: v.price + 777 }],
    });
    expect(res.status).toBe(200);
    expect(pairOf(await until((rows) => pairOf(rows).includes(shown)))).toContain(shown);
  });

  it('a sold-out companion leaves the rows within the card lifetime, and comes back restocked', async () => {
    expect(links(await warmRepeat(), A.gloves!)).toBe(true);
    const variantId = A.gloves!.variants[0]!.id;
    const out = await admin('POST', '/api/admin/inventory/adjustments', {
      variantId,
      delta: -10,
      reason: 'damage',
    });
    expect(out.status).toBe(200);
    expect(links(await until((rows) => !links(rows, A.gloves!)), A.gloves!)).toBe(false);
    const back = await admin('POST', '/api/admin/inventory/adjustments', {
      variantId,
      delta: 10,
      reason: 'restock',
    });
    expect(back.status).toBe(200);
    expect(links(await until((rows) => links(rows, A.gloves!)), A.gloves!)).toBe(true);
  });

  it("a merchant's pin and exclusion show on the next view", async () => {
    expect(pairOf(await warmRepeat())).not.toContain(A.shirt!.title);
    const path = `/api/admin/products/${A.coat!.id}/recommendation-overrides`;
    expect((await admin('PUT', path, { pin: [A.shirt!.id], exclude: [A.scarf!.id] })).status).toBe(200);
    const rows = await coatRows();
    expect(pairOf(rows)).toContain(A.shirt!.title);
    expect(links(rows, A.scarf!)).toBe(false);
    expect((await admin('PUT', path, { pin: [], exclude: [] })).status).toBe(200);
    expect(pairOf(await coatRows())).toContain(A.scarf!.title);
  });

  it("a rebuild's new lists show on the next view", async () => {
    expect(pairOf(await warmRepeat())).toContain(A.scarf!.title);
    for (let i = 0; i < 8; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.hat!], { daysAgo: 1 });
    await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
    const pair = pairOf(await coatRows());
    expect(pair).toContain(A.hat!.title);
    expect(pair).toContain('Bought together by 8 shoppers');
  });

  it("the cart's products stay out of a repeated page, and come back without the cart", async () => {
    const plain = await warmRepeat();
    const companion = [A.hat!, A.scarf!, A.gloves!].find((x) => pairOf(plain).includes(x.title))!;
    expect(companion).toBeDefined();
    const cartId = await insertCart(p.deps, a.tenant.id, [companion.variants[0]!.id]);
    const cookie = `sl_cart=${cartId}`;
    await coatRows(cookie);
    const withCart = await coatRows(cookie);
    expect(links(withCart, companion)).toBe(false);
    expect(links(await coatRows(), companion)).toBe(true);
  });
});
