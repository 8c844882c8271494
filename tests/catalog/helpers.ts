/** Small helpers shared by the catalog and inventory tests. */
import { withTenant } from '../../src/lib/db/index.js';
import type { Deps } from '../../src/lib/http/context.js';

/** Rows of the store's catalog and ledger, to assert that a refused request wrote nothing. */
export async function catalogCounts(deps: Deps, tenantId: string) {
  return withTenant(deps.db, tenantId, async (trx) => {
    const count = async (
      table: 'products' | 'variants' | 'inventory_adjustments' | 'categories' | 'outbox',
    ) => {
      const r = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    return {
      products: await count('products'),
      variants: await count('variants'),
      ledger: await count('inventory_adjustments'),
      categories: await count('categories'),
      outbox: await count('outbox'),
    };
  });
}
