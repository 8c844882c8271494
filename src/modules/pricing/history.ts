/**
 * Price history: one variant's recorded price changes, newest first, each
 * with its source (a pricing run, a promotion, the product editor, the CSV
 * import); and the listener that records the catalog's price edits from its
 * `catalog.prices_changed` event (the catalog emits, pricing listens).
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { insertEditHistory, listHistoryRows } from './repository/runs.js';
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
    source: r.source,
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

/** The catalog's `catalog.prices_changed` payload, as pricing reads it. */
export interface CatalogPricesChanged {
  source?: 'pricing' | 'manual' | 'import' | undefined;
  changes?: readonly { variantId: string; oldPrice: number; newPrice: number }[] | undefined;
  /** When the catalog made the edit (ISO); older events have none and are dated on arrival. */
  changedAt?: string | undefined;
}

/**
 * Records the price edits of one catalog event in the price history.
 * Pricing's own writes (source `pricing`) were recorded by the run itself.
 * Idempotent: keyed by the outbox id, a redelivery records nothing twice.
 */
export async function recordCatalogPriceChanges(
  db: Db,
  tenantId: string,
  outboxId: number,
  event: CatalogPricesChanged,
  now: Date,
): Promise<{ recorded: number }> {
  if ((event.source !== 'manual' && event.source !== 'import') || !event.changes?.length)
    return { recorded: 0 };
  const { source, changes } = event;
  const changedAt = event.changedAt ? new Date(event.changedAt) : now;
  const at = Number.isNaN(changedAt.getTime()) ? now : changedAt;
  const recorded = await withTenant(db, tenantId, (trx) =>
    insertEditHistory(trx, tenantId, `outbox:${outboxId}`, source, changes, at),
  );
  return { recorded };
}
