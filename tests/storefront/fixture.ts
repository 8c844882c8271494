/**
 * A small shop for storefront page tests and the browser test: two
 * categories, a product with three size variants (one with a compare-at
 * price), a sold-out product, a draft product (never shown), and a flat
 * shipping rate — built through the catalog and checkout-settings services,
 * as the admin API would.
 */
import { withTenant } from '../../src/lib/db/index.js';
import type { Deps } from '../../src/lib/http/context.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { createCategory, createProduct } from '../../src/modules/catalog/service.js';
import { createShippingRate } from '../../src/modules/checkout-settings/service.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';

export interface Shop {
  store: TestStore;
  shirt: ProductDetail;
  mug: ProductDetail;
  soldOut: ProductDetail;
  draft: ProductDetail;
  shippingRateId: string;
}

export async function seedShop(
  deps: Deps,
  opts: { handle?: string; status?: 'active' | 'suspended' } = {},
): Promise<Shop> {
  const store = await createTestStore(deps, { handle: opts.handle, status: opts.status });
  const t = store.tenant.id;
  const sku = () => uniq('SKU-').toUpperCase();
  return withTenant(deps.db, t, async (trx) => {
    await createCategory(trx, t, { handle: 'apparel', name: 'Apparel' });
    await createCategory(trx, t, { handle: 'kitchen', name: 'Kitchen' });
    const shirt = await createProduct(trx, t, {
      title: 'Linen Shirt',
      description: 'A breezy linen shirt for warm days.',
      category: 'apparel',
      tags: ['linen', 'summer'],
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
      images: [{ url: 'https://img.example.test/linen-shirt.jpg', alt: 'A white linen shirt' }],
      variants: [
        { sku: sku(), title: 'S', options: { Size: 'S' }, price: 4500, compareAtPrice: 6000, stock: 5 },
        { sku: sku(), title: 'M', options: { Size: 'M' }, price: 4500, compareAtPrice: 6000, stock: 8 },
        { sku: sku(), title: 'L', options: { Size: 'L' }, price: 4800, stock: 0 },
      ],
    });
    const mug = await createProduct(trx, t, {
      title: 'Ceramic Mug',
      description: 'Stoneware mug, 350 ml.',
      category: 'kitchen',
      tags: ['ceramic'],
      status: 'active',
      variants: [{ sku: sku(), price: 1800, stock: 20 }],
    });
    const soldOut = await createProduct(trx, t, {
      title: 'Wool Scarf',
      category: 'apparel',
      status: 'active',
      variants: [{ sku: sku(), price: 3000, stock: 0 }],
    });
    const draft = await createProduct(trx, t, {
      title: 'Secret Prototype',
      category: 'apparel',
      status: 'draft',
      variants: [{ sku: sku(), price: 9900, stock: 3 }],
    });
    const rate = await createShippingRate(trx, t, { name: 'Standard', amount: 500, freeAbove: 10000 });
    return { store, shirt, mug, soldOut, draft, shippingRateId: rate.id };
  });
}
