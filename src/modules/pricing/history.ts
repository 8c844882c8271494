/**
 * Price history reads: one variant's recorded price changes, newest first.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';

export async function priceHistory(trx: Trx, tenantId: string, variantId: string, limit = 100) {
  const v = isUuid(variantId)
    ? await trx
        .selectFrom('variants')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', variantId)
        .executeTakeFirst()
    : undefined;
  if (!v) throw notFound('Variant');
  const rows = await trx
    .selectFrom('price_history')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
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
