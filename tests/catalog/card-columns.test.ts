/**
 * Product cards read the cheapest variant's compare-at price and the first
 * image from columns of the product row (migration 0080). The database keeps
 * them right whatever writes the variants or images: these tests write the
 * rows directly (as any writer could) and read the storefront listing.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('product card columns', () => {
  it('follow variant prices, compare-at prices and image order', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const t = s.tenant.id;
    const product = await createTestProduct(p.deps, t, {
      title: 'Card Probe',
      images: [
        { url: 'https://cdn.example/a.jpg', alt: 'A' },
        { url: 'https://cdn.example/b.jpg', alt: 'B' },
      ],
      variants: [
        { sku: uniq('C-'), price: 1000, compareAtPrice: 1500, stock: 3 },
        { sku: uniq('C-'), price: 2000, compareAtPrice: 2600, stock: 3 },
      ],
    });
    const card = async () => {
      const res = await request(p.app, 'GET', '/api/store/products', { host: s.host });
      expect(res.status).toBe(200);
      return res.body.items.find((i: { id: string }) => i.id === product.id);
    };
    const run = (q: ReturnType<typeof sql>) => withTenant(p.deps.db, t, (trx) => q.execute(trx));
    const [cheap, dear] = product.variants;

    expect(await card()).toMatchObject({
      price: 1000,
      compareAtPrice: 1500,
      image: { url: 'https://cdn.example/a.jpg', alt: 'A' },
    });

    // The cheaper variant becomes the dearer one: the card follows the new cheapest.
    await run(sql`update variants set price = 3000 where tenant_id = ${t} and id = ${cheap!.id}`);
    expect(await card()).toMatchObject({ price: 2000, compareAtPrice: 2600 });

    // A compare-at change on the cheapest variant alone.
    await run(sql`update variants set compare_at_price = 2900 where tenant_id = ${t} and id = ${dear!.id}`);
    expect((await card()).compareAtPrice).toBe(2900);
    await run(sql`update variants set compare_at_price = null where tenant_id = ${t} and id = ${dear!.id}`);
    expect((await card()).compareAtPrice).toBeUndefined();

    // A compare-at change on a variant that is not the cheapest changes nothing…
    await run(sql`update variants set compare_at_price = 3500 where tenant_id = ${t} and id = ${cheap!.id}`);
    expect(await card()).toMatchObject({ price: 2000 });
    expect((await card()).compareAtPrice).toBeUndefined();
    // …until the cheapest variant is deleted.
    await run(sql`delete from variants where tenant_id = ${t} and id = ${dear!.id}`);
    expect(await card()).toMatchObject({ price: 3000, compareAtPrice: 3500 });

    // Images: reorder, delete, add.
    await run(sql`update product_images set position = 10
                   where tenant_id = ${t} and product_id = ${product.id} and url = 'https://cdn.example/a.jpg'`);
    expect((await card()).image).toEqual({ url: 'https://cdn.example/b.jpg', alt: 'B' });
    await run(sql`delete from product_images where tenant_id = ${t} and product_id = ${product.id}`);
    expect((await card()).image).toBeUndefined();
    await run(sql`insert into product_images (tenant_id, product_id, url, alt, position)
                   values (${t}, ${product.id}, 'https://cdn.example/c.jpg', 'C', 0)`);
    expect((await card()).image).toEqual({ url: 'https://cdn.example/c.jpg', alt: 'C' });
  });
});
