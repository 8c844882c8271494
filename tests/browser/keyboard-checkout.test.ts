/**
 * Issue #13 point 8: a keyboard-only checkout in Chromium. From the product
 * page to the order confirmation the shopper uses Tab, Shift+Tab, Enter and
 * Space (and types into fields); every control reached shows a visible focus
 * indicator (outline or box-shadow under :focus-visible). The placed order is
 * checked in the database.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { type Shop, seedShop } from '../storefront/fixture.js';
import { useBrowserHarness } from '../support/browser.js';

const b = useBrowserHarness();
let shop: Shop;
let base: string;

beforeAll(async () => {
  shop = await seedShop(b.p.deps);
  base = b.storeBase(shop.store.tenant.handle);
}, 60_000);

interface Focused {
  tag: string;
  text: string;
  id: string;
  name: string;
  value: string;
  visible: boolean;
}

/** What has focus, and whether it shows a focus indicator. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', text: '', id: '', name: '', value: '', visible: false };
    const s = getComputedStyle(el);
    const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
    return { tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(), id: el.id, name: el.getAttribute('name') || '',
      value: el.value || '', visible: !!visible };
  })()`);
}

/** Presses Tab until `match` holds (at most 80 presses); asserts the focus is visible on the way. */
async function tabTo(page: Page, what: string, match: (f: Focused) => boolean): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag !== 'body')
      expect(f.visible, `visible focus on ${f.tag}#${f.id} "${f.text.slice(0, 30)}"`).toBe(true);
    if (match(f)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

async function typeInto(page: Page, id: string, text: string) {
  await tabTo(page, id, (f) => f.id === id);
  await page.keyboard.type(text);
}

describe('keyboard-only checkout', () => {
  it('product → cart → checkout → confirmation with Tab, Enter and Space only', async () => {
    const page = await b.page();
    await page.goto(`${base}/products/${shop.shirt.handle}`);
    // Size M (a link): Enter follows it (swapped in place; focus stays on M).
    await tabTo(page, 'size M', (f) => f.tag === 'a' && /^M\b/.test(f.text));
    await page.keyboard.press('Enter');
    await page.locator('#selected-variant', { hasText: 'M' }).waitFor();
    await tabTo(page, 'Add to cart', (f) => f.tag === 'button' && f.text === 'Add to cart');
    await Promise.all([page.waitForURL(/\/cart/), page.keyboard.press('Enter')]);

    await tabTo(page, 'Check out', (f) => f.tag === 'a' && f.text === 'Check out');
    await Promise.all([page.waitForURL(`${base}/checkout`), page.keyboard.press('Enter')]);

    await typeInto(page, 'email', 'keys@example.test');
    await typeInto(page, 'name', 'Kay Board');
    await typeInto(page, 'line1', '5 Market St');
    await typeInto(page, 'city', 'Boston');
    // A closed <select> takes type-ahead: "Massa" picks Massachusetts.
    await tabTo(page, 'state', (f) => f.id === 'region');
    await page.keyboard.type('Massa');
    expect((await focused(page)).value).toBe('MA');
    await typeInto(page, 'postalCode', '02108');
    // The shipping option: Space selects the focused radio.
    await tabTo(page, 'Standard shipping', (f) => f.tag === 'input' && f.name === 'shippingRateId');
    await page.keyboard.press('Space');
    await tabTo(page, 'Place order', (f) => f.tag === 'button' && f.text === 'Place order');
    await Promise.all([
      page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation/),
      page.keyboard.press('Enter'),
    ]);

    const orderId = /\/orders\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    const order = await withTenant(b.p.deps.db, shop.store.tenant.id, (trx) =>
      trx
        .selectFrom('orders')
        .select(['email', 'subtotal'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow(),
    );
    expect(order).toEqual({ email: 'keys@example.test', subtotal: 4500 });
    // The fixture's product photo lives on a host that does not resolve; nothing else may fail.
    expect(b.errors(page).filter((e) => !e.includes('img.example.test'))).toEqual([]);
  });
});
