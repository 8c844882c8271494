/**
 * Price proposals: preview what a run would change (nothing written) and
 * apply the open proposals a 'propose'-mode run recorded.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { setVariantPrices } from '../catalog/prices.js';
import type { PriceResult } from './engine.js';
import { lockOpenProposals, markHistoryApplied, writeListPrices } from './repository/runs.js';
import { computeStorePrices } from './run.js';
import type { Proposal } from './schemas.js';

const toProposal = (r: PriceResult & { sku: string }): Proposal => ({
  variantId: r.variantId,
  sku: r.sku,
  oldPrice: r.oldPrice,
  newPrice: r.newPrice,
  listPrice: r.listPrice,
  floor: r.floor,
  setBy: r.setBy,
  reasons: r.reasons,
});

/** Proposed changes (variants whose price would change), with reasons. */
export async function previewPrices(trx: Trx, tenantId: string, now: Date): Promise<Proposal[]> {
  const { results } = await computeStorePrices(trx, tenantId, now);
  return results.filter((r) => r.newPrice !== r.oldPrice).map(toProposal);
}

/** Applies the open proposals (all, or the given variants'); returns how many prices changed. */
export async function applyProposals(trx: Trx, tenantId: string, variantIds?: string[]): Promise<number> {
  if (variantIds?.some((id) => !isUuid(id))) throw notFound('Variant');
  if (variantIds?.length === 0) return 0;
  const rows = await lockOpenProposals(trx, tenantId, variantIds);
  if (rows.length === 0) return 0;
  await setVariantPrices(
    trx,
    tenantId,
    rows.map((r) => ({ id: r.variant_id, price: r.new_price })),
  );
  await writeListPrices(
    trx,
    tenantId,
    rows.map((r) => ({ variantId: r.variant_id, listPrice: r.list_price, oldPrice: r.old_price })),
    new Date(),
  );
  await markHistoryApplied(
    trx,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.length;
}
