/**
 * Price history reads: one variant's recorded price changes, newest first.
 */
import type { Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { listHistoryRows } from './repository/runs.js';
import { variantExists } from './repository/variants.js';

export async function priceHistory(trx: Trx, tenantId: string, variantId: string, limit = 100) {
  if (!(await variantExists(trx, tenantId, variantId))) throw notFound('Variant');
  const rows = await listHistoryRows(trx, tenantId, variantId, limit);
  return rows.map((r) => ({
    id: r.id,
    runKey: r.run_key,
    oldPrice: r.old_price,
    newPrice: r.new_price,
    listPrice: r.list_price,
    rule: r.rule,
    reasons: r.reasons,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  }));
}
