/**
 * Price proposals: preview what a run would change (nothing written) and
 * apply the open proposals a 'propose'-mode run recorded.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { PriceResult } from './engine.js';
import { writeListPrices, writeVariantPrices } from './price-writes.js';
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
  let q = trx
    .selectFrom('price_history')
    .select(['id', 'variant_id', 'new_price', 'old_price', 'list_price'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'proposed');
  if (variantIds) {
    if (variantIds.length === 0) return 0;
    q = q.where('variant_id', 'in', variantIds);
  }
  const rows = await q.forUpdate().execute();
  if (rows.length === 0) return 0;
  await writeVariantPrices(
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
  await trx
    .updateTable('price_history')
    .set({ status: 'applied' })
    .where('tenant_id', '=', tenantId)
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}
