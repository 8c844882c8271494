/**
 * "Send" a draft purchase order: it becomes `ordered` and the supplier gets
 * the order by email through the outbox (same transaction: the email exists
 * if and only if the PO was ordered). A supplier without an email address
 * cannot be sent to (409: add the address, or mark the PO ordered instead).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import type { StockActor } from '../inventory/service.js';
import { enqueueEmail } from '../mail/service.js';
import { getCurrentTenant } from '../tenancy/repository.js';
import { auditPurchaseOrder, badTransition, getPurchaseOrder } from './purchase-orders.js';
import { moveStatus, setSentTo } from './repository/purchase-orders.js';
import type { PurchaseOrder } from './schemas.js';

export async function sendPurchaseOrder(
  trx: Trx,
  tenantId: string,
  id: string,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const po = await getPurchaseOrder(trx, tenantId, id);
  if (po.status !== 'draft') throw badTransition(po.status, 'sent');
  const to = po.supplierEmail;
  if (!to)
    throw new AppError('invalid_state', `${po.supplierName} has no email address: add one to send the order`);
  if (!(await moveStatus(trx, tenantId, id, { to: 'ordered', from: ['draft'], at: 'ordered_at' })))
    throw badTransition(po.status, 'sent');
  await setSentTo(trx, tenantId, id, to);
  const store = await getCurrentTenant(trx, tenantId);
  const currency = store?.currency ?? 'USD';
  const lines = po.lines.map((l) => `- ${l.sku}: ${l.quantity} × ${formatMoney(l.unitCost, currency)}`);
  await enqueueEmail(
    trx,
    tenantId,
    {
      to,
      subject: `Purchase order from ${store?.name ?? 'our store'} (${po.id.slice(0, 8)})`,
      text:
        `Hello ${po.supplierName},\n\nPlease supply:\n${lines.join('\n')}\n\n` +
        `Total: ${formatMoney(po.total, currency)}\n` +
        (po.note ? `\nNote: ${po.note}\n` : '') +
        `\nReference: ${po.id}\n`,
    },
    `po-sent:${po.id}`,
  );
  await auditPurchaseOrder(trx, tenantId, actor, 'sent', id, { to });
  return getPurchaseOrder(trx, tenantId, id);
}
