/**
 * The product page's recommendation rows are rendered once per distinct content (recommendation-memo.ts):
 * a repeat view concatenates the memoised HTML (no render), yet a price change reaches the rows as soon
 * as the serving cache sees it (the memo is keyed by what the rows show, not by time), a cart still
 * leaves its products out, and each session's "Add both" form carries its own CSRF token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/lib/money.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import {
  clearRecommendationRowMemo,
  recommendationRowRenders,
} from '../../src/web/storefront/recommendation-memo.js';
import { hiddenValue, PageClient } from '../storefront/browser-like.js';
import { createTestProduct, createTestStore, type TestStore, uniq } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { getProductPageWithRows, rowsSlotOf } from './fixtures/rows-view.js';
import { insertCart, insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
const A: Record<string, ProductDetail> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  for (const [key, title] of [
    ['coat', 'Memo winter coat'],
    ['scarf', 'Memo wool scarf'],
    ['gloves', 'Memo wool gloves'],
    ['hat', 'Memo wool hat'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: ['wool'] });
  }
  for (let i = 0; i < 3; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.scarf!], { daysAgo: i + 1 });
  await insertOrder(p.deps, a.tenant.id, [A.coat!, A.gloves!], { daysAgo: 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

/** The rows' HTML of a product page view (from the first recommendation section to the reviews). */
function rowsOf(html: string): string {
  const start = html.indexOf('<section class="recommendations"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.lastIndexOf('</section>') + 10);
}

/** The coat's page as the browser shows it (cold lists: from the page's rows fragment). */
const coatPage = (cookie?: string) =>
  getProductPageWithRows(p.app, a.host, `/products/${A.coat!.handle}`, cookie);
const pairToken = (html: string) =>
  /action="\/cart\/pair">\s*<input type="hidden" name="_csrf" value="([^"]*)"/.exec(html)?.[1];

describe('memoised product-page recommendation rows', () => {
  it('a repeat view takes the rows from the memo; a price change shows on the next views', async () => {
    clearRecommendationRowMemo();
    const first = await coatPage();
    expect(first.text).toContain('Frequently bought together');
    expect(first.text).toContain(A.scarf!.title);
    const rendered = recommendationRowRenders.count;
    const again = await coatPage();
    expect(recommendationRowRenders.count).toBe(rendered);
    // Same rows but the per-session CSRF token (each view without a cookie opens a session).
    const strip = (h: string) => rowsOf(h).replace(/name="_csrf" value="[^"]*"/g, '');
    expect(strip(again.text)).toBe(strip(first.text));

    const scarfVariant = A.scarf!.variants[0]!;
    const newPrice = scarfVariant.price + 1234;
    const patch = await request(p.app, 'PATCH', `/api/admin/products/${A.scarf!.id}`, {
      host: a.host,
      token: a.owner.token,
      body: { variants: [{ id: scarfVariant.id, price: newPrice }] },
    });
    expect(patch.status).toBe(200);
    const shown = formatMoney(newPrice, 'USD');
    let rows = '';
    for (let t0 = Date.now(); Date.now() - t0 < 5000; await sleep(50)) {
      rows = rowsOf((await coatPage()).text);
      if (rows.includes(shown)) break;
    }
    expect(rows).toContain(shown);
    expect(recommendationRowRenders.count).toBeGreaterThan(rendered);
  });

  it('with a cart, its products stay out of the rows', async () => {
    await coatPage(); // the cartless rows in the memo
    const cartId = await insertCart(p.deps, a.tenant.id, [A.scarf!.variants[0]!.id]);
    const withCart = rowsOf((await coatPage(`sl_cart=${cartId}`)).text);
    expect(withCart).not.toContain(`/products/${A.scarf!.handle}"`);
    expect(withCart).toContain(A.gloves!.title);
  });

  it("each session's pair form carries its own CSRF token, from one render", async () => {
    const shopper = async () => {
      const client = new PageClient(p.app, a.host);
      const form = await client.get('/account/register');
      const done = await client.post('/account/register', {
        _csrf: hiddenValue(form.text, '_csrf') ?? '',
        name: 'Memo Shopper',
        email: `${uniq('memo')}@example.test`,
        password: 'a sturdy shopper passphrase',
      });
      expect(done.status).toBe(303);
      return client;
    };
    const [c1, c2] = [await shopper(), await shopper()];
    // The first view's lists are cold: its browser fetches the rows fragment (which warms them).
    const cold = await c1.get(`/products/${A.coat!.handle}`);
    const slot = rowsSlotOf(cold.text);
    if (slot) expect(pairToken((await c1.get(slot)).text)).toBe(hiddenValue(cold.text, '_csrf'));
    const rendered = recommendationRowRenders.count;
    const one = await c1.get(`/products/${A.coat!.handle}`);
    const two = await c2.get(`/products/${A.coat!.handle}`);
    expect(recommendationRowRenders.count).toBe(rendered);
    const [t1, t2] = [pairToken(one.text), pairToken(two.text)];
    expect(t1).toBeTruthy();
    expect(t2).toBeTruthy();
    expect(t1).not.toBe(t2);
    // Each is the session's own token: the one the page's add-to-cart form carries.
    expect(hiddenValue(one.text, '_csrf')).toBe(t1);
    expect(hiddenValue(two.text, '_csrf')).toBe(t2);
  });
});
