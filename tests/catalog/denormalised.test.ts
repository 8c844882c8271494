import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

describe('products.min_price / max_price / in_stock follow the variants (0040/0042 triggers)', () => {
  it('tracks direct writes to price, stock and reserved, as checkout makes them', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const t = s.tenant.id;
    const prod = await createTestProduct(p.deps, t, {
      variants: [
        { sku: uniq('A-'), price: 1000, stock: 2 },
        { sku: uniq('B-'), price: 3000, stock: 0 },
      ],
    });
    const [a, b] = prod.variants;
    const state = () =>
      withTenant(p.deps.db, t, (trx) =>
        trx
          .selectFrom('products')
          .select(['min_price', 'max_price', 'in_stock'])
          .where('id', '=', prod.id)
          .executeTakeFirstOrThrow(),
      );
    const exec = (q: ReturnType<typeof sql>) => withTenant(p.deps.db, t, (trx) => q.execute(trx));
    expect(await state()).toEqual({ min_price: 1000, max_price: 3000, in_stock: true });

    await exec(sql`update variants set reserved = 2 where id = ${a!.id}`);
    expect((await state()).in_stock).toBe(false);
    await exec(sql`update variants set reserved = 0 where id = ${a!.id}`);
    expect((await state()).in_stock).toBe(true);
    await exec(sql`update variants set price = 500 where id = ${b!.id}`);
    expect(await state()).toEqual({ min_price: 500, max_price: 1000, in_stock: true });
    await exec(sql`delete from variants where id = ${a!.id}`);
    expect(await state()).toEqual({ min_price: 500, max_price: 500, in_stock: false });
    await exec(
      sql`insert into variants (tenant_id, product_id, sku, price, stock, updated_at)
          values (${t}, ${prod.id}, ${uniq('C-')}, 7000, 1, now()), (${t}, ${prod.id}, ${uniq('D-')}, 200, 0, now())`,
    );
    expect(await state()).toEqual({ min_price: 200, max_price: 7000, in_stock: true });
  });

  it('renaming a category updates the search document of its products', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const t = s.tenant.id;
    await withTenant(p.deps.db, t, (trx) =>
      trx.insertInto('categories').values({ tenant_id: t, handle: 'decor', name: 'Decor' }).execute(),
    );
    const prod = await createTestProduct(p.deps, t, { category: 'decor' });
    await withTenant(p.deps.db, t, (trx) =>
      trx.updateTable('categories').set({ name: 'Ornaments' }).where('handle', '=', 'decor').execute(),
    );
    const hit = await withTenant(p.deps.db, t, (trx) =>
      sql<{ id: string }>`select id from products where search @@ to_tsquery('simple', 'ornaments')`.execute(
        trx,
      ),
    );
    expect(hit.rows.map((r) => r.id)).toEqual([prod.id]);
  });
});
