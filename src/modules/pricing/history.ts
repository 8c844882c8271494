/**
 * Price history reads: one variant's recorded price changes, newest first.
 */
import type { Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { listHistoryRows } from './repository/runs.js';
import { findVariantLabel, variantExists } from './repository/variants.js';

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

/**
 * The admin's price chart of one variant: the variant (SKU, product, price
 * now) and its applied changes oldest first — the engine's runs and applied
 * proposals (see ./run.ts, ./proposals.ts) — plus the open proposals.
 */
export async function variantPriceChart(trx: Trx, tenantId: string, variantId: string, limit = 200) {
  const variant = await findVariantLabel(trx, tenantId, variantId);
  if (!variant) throw notFound('Variant');
  const rows = await priceHistory(trx, tenantId, variantId, limit);
  return {
    variant: {
      id: variant.id,
      sku: variant.sku,
      title: variant.title,
      productId: variant.productId,
      price: Number(variant.price),
    },
    applied: rows.filter((r) => r.status === 'applied').reverse(),
    proposed: rows.filter((r) => r.status === 'proposed'),
  };
}
