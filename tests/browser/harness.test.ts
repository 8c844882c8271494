import { describe, expect, it } from 'vitest';
import { seedShop } from '../storefront/fixture.js';
import { axeSerious, horizontalOverflow, useBrowserHarness } from '../support/browser.js';

const b = useBrowserHarness();

describe('browser harness', () => {
  it('serves a store home, reports overflow and axe results', async () => {
    const shop = await seedShop(b.p.deps);
    const page = await b.page({ width: 390, height: 844 });
    const res = await page.goto(b.storeBase(shop.store.tenant.handle));
    expect(res?.status()).toBe(200);
    expect(await horizontalOverflow(page)).toBeGreaterThanOrEqual(0);
    const serious = await axeSerious(page);
    expect(Array.isArray(serious)).toBe(true);
    expect(serious.every((s) => typeof s === 'string')).toBe(true);
  });
});
