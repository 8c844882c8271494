/**
 * The read cache holds what it can still serve, not everything it ever
 * served (src/lib/http/read-cache.ts): answers past their age and answers a
 * notice made stale are dropped by the sweep, version stamps older than the
 * age bound are dropped without trusting what they guarded, and the
 * entries' bytes stay under `maxBytes`. The soak's API processes grew with
 * every key they had served (issue #18's RSS criterion).
 */
import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/lib/http/read-cache.js';
import { parseCatalogNotice, productScopes } from '../../src/modules/catalog/store-cache.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const product = (i: number) => `aaaaaaaa-aaaa-4aaa-8aaa-${String(i).padStart(12, '0')}`;

function setup(opts: { maxBytes?: number } = {}) {
  let now = 1_000;
  const cache = new ReadCache({
    isLive: () => true,
    maxAgeMs: 60_000,
    sweepMs: 10_000,
    now: () => now,
    ...opts,
  });
  let loads = 0;
  const read = (key: string, value: unknown) =>
    cache.read(
      T1,
      key,
      async () => {
        loads++;
        return value;
      },
      productScopes,
    );
  /** A stock notice for one product, as the change listener hands it over. */
  const notice = (productId: string) => {
    const n = parseCatalogNotice(`${T1} ${productId}`);
    if (n) cache.bump(n.tenantId, n.scopes);
  };
  return {
    cache,
    read,
    notice,
    loads: () => loads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('read cache bounds', () => {
  it('drops answers past their age at the next sweep instead of keeping every key it ever served', async () => {
    const { cache, read, advance } = setup();
    for (let i = 0; i < 200; i++) await read(`p${i}`, { id: product(i), title: `Product ${i}` });
    expect(cache.sizes.entries).toBe(200);
    advance(61_000);
    await read('p-new', { id: product(999) });
    expect(cache.sizes.entries).toBe(1);
  });

  it('drops answers a notice made stale at the next sweep, before their age runs out', async () => {
    const { cache, read, advance } = setup();
    for (let i = 0; i < 50; i++) await read(`p${i}`, { id: product(i) });
    cache.bump(T1);
    advance(11_000);
    await read('p0', { id: product(0) });
    expect(cache.sizes.entries).toBe(1);
  });

  it('keeps version stamps only as long as an answer they guard can live', async () => {
    const { cache, notice, advance } = setup();
    for (let i = 0; i < 1_000; i++) notice(product(i));
    expect(cache.sizes.versions).toBe(1_001); // each product's stock, and the store's
    advance(61_000);
    notice(product(5_000));
    expect(cache.sizes.versions).toBe(2);
    expect(cache.sizes.tenants).toBe(1);
  });

  it('does not trust a load that raced a notice whose stamp has since been dropped', async () => {
    const { cache, notice, advance } = setup();
    let finish: (v: unknown) => void = () => {};
    const slow = cache.read(T1, 'p', () => new Promise((r) => (finish = r)), productScopes);
    notice(product(1));
    advance(61_000);
    notice(product(2)); // the sweep drops product 1's stamp
    finish({ id: product(1), price: 'old' });
    expect((await slow).hit).toBe(false);
    const again = await cache.read(T1, 'p', async () => ({ id: product(1), price: 'new' }), productScopes);
    expect(again.hit).toBe(false);
    expect(JSON.parse(again.body)).toEqual({ id: product(1), price: 'new' });
  });

  it('keeps the bytes of its entries under maxBytes', async () => {
    const maxBytes = 200_000;
    const { cache, read } = setup({ maxBytes });
    const big = 'x'.repeat(5_000);
    for (let i = 0; i < 100; i++) await read(`p${i}`, { id: product(i), description: big });
    expect(cache.sizes.bytes).toBeLessThanOrEqual(maxBytes);
    expect(cache.sizes.entries).toBeLessThan(100);
    expect(cache.sizes.entries).toBeGreaterThan(10);
  });
});
