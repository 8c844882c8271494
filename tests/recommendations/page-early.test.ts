/**
 * A warm product page composes its rows by the handle in its URL while its product read is in flight
 * (recommendations.tsx: composeEarly), from the card this process holds, and keeps them only when the
 * read finds the same product: the rows are exactly those the page would compose after its read — the
 * pair's own half (variant and price) is the page's, not the card's lowest price, and a handle that came to
 * name another product shows that product's rows, never the old one's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/lib/money.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import {
  productPageListsNow,
  productPageListsNowByHandle,
} from '../../src/modules/recommendations/service.js';
import {
  clearRecommendationRowMemo,
  recommendationRowRenders,
} from '../../src/web/storefront/recommendation-memo.js';
import { createTestProduct, createTestStore, type TestStore, uniq } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { getProductPageWithRows } from './fixtures/rows-view.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
const A: Record<string, ProductDetail> = {};
const size = { together: 1, similar: 4 };
const storeOf = (s: TestStore) => ({ id: s.tenant.id, currency: 'USD' });

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  // The coat's first variant (the pair's own half on its page) costs more than its second: the card
  // of the coat says its lowest price, the page the first variant's.
  A.coat = await createTestProduct(p.deps, a.tenant.id, {
    title: 'Early winter coat',
    tags: ['wool'],
    options: [{ name: 'Size', values: ['L', 'S'] }],
    variants: [
      { sku: uniq('EC-L-'), title: 'L', options: { Size: 'L' }, price: 9000, stock: 5 },
      { sku: uniq('EC-S-'), title: 'S', options: { Size: 'S' }, price: 5000, stock: 5 },
    ],
  });
  for (const [key, title] of [
    ['scarf', 'Early wool scarf'],
    ['gloves', 'Early wool gloves'],
    ['dress', 'Early linen dress'],
    ['shirt', 'Early linen shirt'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, {
      title,
      tags: [key === 'dress' || key === 'shirt' ? 'linen' : 'wool'],
    });
  }
  for (let i = 0; i < 3; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.scarf!], { daysAgo: i + 1 });
  for (let i = 0; i < 3; i++)
    await insertOrder(p.deps, a.tenant.id, [A.dress!, A.shirt!], { daysAgo: i + 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

const page = (handle: string) => getProductPageWithRows(p.app, a.host, `/products/${handle}`);

/** The "Frequently bought together" section of a page. */
function pairOf(html: string): string {
  const start = html.indexOf('<section class="recommendations" aria-labelledby="rec-together"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('rows composed by handle while the product is read', () => {
  it('compose the same lists as by id, and say which product they are of', async () => {
    await page(A.coat!.handle); // cold: its fragment reads the coat's lists into this process
    const store = storeOf(a);
    const byHandle = productPageListsNowByHandle(p.deps.db, store, A.coat!.handle, {
      ...size,
      cartProductIds: [],
    });
    expect(byHandle?.product.id).toBe(A.coat!.id);
    // The card's own facts: its title and lowest price, and its first variant in stock.
    expect(byHandle?.product).toMatchObject({ title: 'Early winter coat', price: 5000 });
    expect(byHandle?.product.variantId).toBe(A.coat!.variants[0]!.id);
    const byId = productPageListsNow(p.deps.db, store, A.coat!.id, { ...size, cartProductIds: [] });
    expect(byHandle?.lists).toEqual(byId);
    // Another store asking by the same handle: nothing.
    const other = await createTestStore(p.deps);
    expect(
      productPageListsNowByHandle(p.deps.db, storeOf(other), A.coat!.handle, { ...size, cartProductIds: [] }),
    ).toBeUndefined();
  });

  it("a warm page's pair is the page's own first variant at its own price, not the card's lowest", async () => {
    await page(A.coat!.handle);
    await page(A.coat!.handle);
    // The rows rendered anew: as the card says (while the product is read), then as the page's read says.
    clearRecommendationRowMemo();
    const renders = recommendationRowRenders.count;
    const warm = await page(A.coat!.handle);
    expect(warm.deferred).toBe(false);
    expect(recommendationRowRenders.count - renders).toBe(2);
    // One anonymous session for the view (opened while composing, recorded with the view after the read).
    expect(warm.headers.getSetCookie().filter((c) => c.startsWith('sl_rec=')).length).toBe(1);
    // The next view renders nothing: the rows kept are the page's.
    const again = await page(A.coat!.handle);
    expect(recommendationRowRenders.count - renders).toBe(2);
    const strip = (h: string) => pairOf(h).replace(/name="_csrf" value="[^"]*"/, '');
    expect(strip(again.text)).toBe(strip(warm.text));
    const pair = pairOf(warm.text);
    expect(pair).toContain(`Early winter coat — ${formatMoney(9000, 'USD')}`);
    expect(pair).toContain(`value="${A.coat!.variants[0]!.id}"`);
    expect(pair).toContain(`Add both to cart — ${formatMoney(9000 + A.scarf!.variants[0]!.price, 'USD')}`);
    expect(pair).not.toContain(formatMoney(5000, 'USD'));
  });

  it("a handle that came to name another product shows that product's rows", async () => {
    // The dress's lists warm, then the dress and the shirt swap handles: the cards this process holds
    // still name the old handles for up to their time to live.
    await page(A.dress!.handle);
    expect((await page(A.dress!.handle)).deferred).toBe(false);
    const dressHandle = A.dress!.handle;
    const moved = `${dressHandle}-old`;
    for (const [id, handle] of [
      [A.dress!.id, moved],
      [A.shirt!.id, dressHandle],
    ] as const) {
      const res = await request(p.app, 'PATCH', `/api/admin/products/${id}`, {
        host: a.host,
        token: a.owner.token,
        body: { handle },
      });
      expect(res.status).toBe(200);
    }
    const now = await page(dressHandle);
    expect(now.status).toBe(200);
    expect(now.text).toContain('<h1 id="product-title">Early linen shirt</h1>');
    // The shirt's rows (its pair is the dress), never the dress's (whose pair is the shirt).
    const rows = now.text.slice(now.text.indexOf('<section class="recommendations"'));
    expect(rows).toContain('Early linen dress');
    expect(pairOf(now.text)).not.toContain('<strong>This item:</strong> Early linen dress');
  });
});
