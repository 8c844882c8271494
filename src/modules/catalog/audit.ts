/**
 * Catalog and inventory changes a merchant makes land in the store's audit
 * log (issue #12 point 11), written in the same transaction as the change so
 * a rolled-back change leaves no entry. Actions: product.created,
 * product.updated, products.status_changed, products.imported,
 * inventory.adjusted, inventory.threshold_changed.
 */
import type { Trx } from '../../lib/db/index.js';
import { recordAudit } from '../audit/service.js';
import type { StockActor } from '../inventory/service.js';

export function auditCatalog(
  trx: Trx,
  tenantId: string,
  actor: StockActor,
  action: string,
  target: { type: string; id?: string },
  data: Record<string, unknown> = {},
): Promise<void> {
  return recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id ?? null,
    action,
    targetType: target.type,
    targetId: target.id,
    data,
  });
}
