import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createCategory, createProduct } from '../../src/modules/catalog/service.js';
import { createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

describe('createProduct / createCategory (service)', () => {
  it('creates a product with unique handles, denormalised prices and initial stock in the ledger', async () => {
    const p = await testPlatform();
    const { tenant } = await createTestStore(p.deps);
    const cat = await withTenant(p.deps.db, tenant.id, (trx) =>
      createCategory(trx, tenant.id, { handle: 'shirts', name: 'Shirts' }),
    );
    const input = {
      title: 'Café T-Shirt',
      category: 'shirts',
      tags: ['cotton'],
      status: 'active' as const,
      images: [{ url: 'https://img.example/a.jpg', alt: 'front' }],
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: uniq('A-'), options: { Size: 'S' }, price: 1500, stock: 3 },
        { sku: uniq('B-'), options: { Size: 'M' }, price: 2500, stock: 0 },
      ],
    };
    const a = await withTenant(p.deps.db, tenant.id, (trx) => createProduct(trx, tenant.id, input));
    expect(a.handle).toBe('cafe-t-shirt');
    expect(a.category).toEqual({ id: cat.id, handle: 'shirts', name: 'Shirts' });
    expect(a.minPrice).toBe(1500);
    expect(a.maxPrice).toBe(2500);
    expect(a.inStock).toBe(true);
    expect(a.variants.map((v) => v.stock)).toEqual([3, 0]);
    const b = await withTenant(p.deps.db, tenant.id, (trx) =>
      createProduct(trx, tenant.id, {
        ...input,
        variants: input.variants.map((v) => ({ ...v, sku: `${v.sku}x` })),
      }),
    );
    expect(b.handle).toBe('cafe-t-shirt-2');
    const ledger = await withTenant(p.deps.db, tenant.id, (trx) =>
      trx
        .selectFrom('inventory_adjustments')
        .selectAll()
        .where('variant_id', '=', a.variants[0]!.id)
        .execute(),
    );
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ delta: 3, reason: 'initial', stock_after: 3, reserved_after: 0 });
    const search = await withTenant(p.deps.db, tenant.id, (trx) =>
      trx.selectFrom('products').select('search_category').where('id', '=', a.id).executeTakeFirstOrThrow(),
    );
    expect(search.search_category).toBe('Shirts');
  });

  it('rejects a SKU already used in the store with sku_taken', async () => {
    const p = await testPlatform();
    const { tenant } = await createTestStore(p.deps);
    const first = await createTestProduct(p.deps, tenant.id);
    await expect(
      createTestProduct(p.deps, tenant.id, { variants: [{ sku: first.variants[0]!.sku, price: 1 }] }),
    ).rejects.toMatchObject({ code: 'sku_taken' });
  });
});
