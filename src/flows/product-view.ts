/**
 * A product page's read of its product, with the store's recommendation serving state when the serving
 * cache's lease on it has expired (its version, once a second) and the re-read of lists it holds whose
 * product's card went stale, in ONE round trip: the catalog's product
 * statement and the recommendations' read are written together in one tenant transaction
 * (pipelinedStatements as the one statement of withTenantStatement: opening, statements and COMMIT in
 * one write). Each module writes its own SQL and maps its own rows; this flow only sends them together.
 * On the page, a cold product's lists never ride along: their read costs the server time of a statement
 * of its own, which the page does not wait for (cold lists come from the page's fragment request; see
 * web/storefront/recommendations.tsx). The fragment reads the product again and asks `lists: 'all'`:
 * its lists ride in that round trip (one round trip for the fragment instead of two).
 *
 * A recommendation read never costs the page: if the merged round trip fails while it carried
 * recommendation reads, the product is read again on its own (the rows then read their lists themselves,
 * or hide).
 */
import { type Db, pipelinedStatements, withTenantStatement } from '../lib/db/index.js';
import { logger } from '../lib/logger.js';
import {
  getStoreProduct,
  type StoreProduct,
  type StoreRef,
  storeProductRead,
} from '../modules/catalog/store-service.js';
import { prepareProductPageRecommendations } from '../modules/recommendations/service.js';

/**
 * The product page's list sizes; null when the page shows no recommendation rows. `lists`: which
 * product lists ride along ('held', the default: only those this process holds; 'all': cold ones too).
 */
export type ProductViewRecommendations = {
  similar: number;
  together: number;
  lists?: 'all' | 'held';
} | null;

/** The active product `handle` names (404 otherwise), with its page's recommendation reads in the same trip. */
export async function readProductView(
  db: Db,
  store: StoreRef,
  handle: string,
  recommendations: ProductViewRecommendations,
): Promise<StoreProduct> {
  const read = storeProductRead(store, handle);
  const query = read.query;
  if (!query) return read.product([]);
  const pending = recommendations
    ? prepareProductPageRecommendations(db, store, handle, recommendations, {
        lists: recommendations.lists ?? 'held',
      })
    : null;
  if (!pending) return getStoreProduct(db, store, handle);
  let rows: readonly unknown[];
  try {
    rows = await withTenantStatement(db, store.id, async (trx) => {
      const [product, ...recs] = await pipelinedStatements(trx, [
        query.compile(trx),
        ...pending.queries(trx),
      ]);
      pending.take(recs);
      return product ?? [];
    });
  } catch (err) {
    logger.warn({ err }, 'product read with recommendations failed; reading the product alone');
    return getStoreProduct(db, store, handle);
  }
  return read.product(rows);
}
