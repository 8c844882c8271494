/**
 * Bulk price changes from other modules (pricing): the catalog validates and
 * writes `variants.price` itself. Prices are integer minor units ≥ 0.
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { emitPricesChanged } from './events.js';
import { updateVariantPriceRows } from './repository/prices.js';

/** Sets variants' selling prices in the caller's transaction; returns how many changed. */
export async function setVariantPrices(
  trx: Trx,
  tenantId: string,
  rows: readonly { id: string; price: number }[],
): Promise<number> {
  for (const r of rows)
    if (!Number.isSafeInteger(r.price) || r.price < 0)
      throw new AppError('validation_failed', 'A price is a whole number of minor units, at least 0');
  const changed = await updateVariantPriceRows(trx, tenantId, rows);
  if (changed > 0) await emitPricesChanged(trx, tenantId, changed);
  return changed;
}
