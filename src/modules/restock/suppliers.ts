/**
 * Suppliers and the variant ↔ supplier links restock plans from, in the
 * caller's tenant transaction (see ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import type { StockActor } from '../inventory/service.js';
import { badTransition } from './purchase-orders.js';
import { findVariantIdBySku, variantExists } from './repository/planning.js';
import {
  deleteSupplierRow,
  getSupplierRow,
  insertSupplier,
  listSupplierRows,
  type SupplierRow,
  savePreferredSupplier,
  supplierHasPurchaseOrders,
  updateSupplierRow,
} from './repository/suppliers.js';
import type { LinkInput, SupplierInput } from './schemas.js';

const SYSTEM: StockActor = { type: 'system' };

async function audit(
  trx: Trx,
  tenantId: string,
  actor: StockActor,
  action: string,
  id: string,
  data: object,
) {
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id ?? null,
    action,
    targetType: 'supplier',
    targetId: id,
    data: { ...data },
  });
}

const supplierOut = (r: SupplierRow) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  leadTimeDays: r.lead_time_days,
  moq: r.moq,
  packSize: r.pack_size,
});

export async function listSuppliers(trx: Trx, tenantId: string) {
  return (await listSupplierRows(trx, tenantId)).map(supplierOut);
}

export async function getSupplier(trx: Trx, tenantId: string, id: string) {
  return supplierOut(await getSupplierRow(trx, tenantId, id));
}

export async function createSupplier(trx: Trx, tenantId: string, input: SupplierInput, actor = SYSTEM) {
  const s = supplierOut(await insertSupplier(trx, tenantId, input));
  await audit(trx, tenantId, actor, 'supplier.created', s.id, input);
  return s;
}

export async function updateSupplier(
  trx: Trx,
  tenantId: string,
  id: string,
  input: Partial<SupplierInput>,
  actor = SYSTEM,
) {
  const cur = await getSupplierRow(trx, tenantId, id);
  const s = supplierOut(await updateSupplierRow(trx, tenantId, cur.id, input));
  await audit(trx, tenantId, actor, 'supplier.updated', s.id, input);
  return s;
}

export async function deleteSupplier(trx: Trx, tenantId: string, id: string, actor = SYSTEM): Promise<void> {
  const cur = await getSupplierRow(trx, tenantId, id);
  if (await supplierHasPurchaseOrders(trx, tenantId, cur.id))
    throw badTransition('referenced', 'deleted (it has purchase orders)');
  await deleteSupplierRow(trx, tenantId, cur.id);
  await audit(trx, tenantId, actor, 'supplier.deleted', cur.id, { name: cur.name });
}

/** Links a variant to a supplier as its preferred source (other links become non-preferred). */
export async function linkVariantSupplier(
  trx: Trx,
  tenantId: string,
  variantId: string,
  input: LinkInput,
  actor = SYSTEM,
) {
  if (!(await variantExists(trx, tenantId, variantId))) throw notFound('Variant');
  const s = await getSupplierRow(trx, tenantId, input.supplierId);
  await savePreferredSupplier(trx, tenantId, { ...input, variantId, supplierId: s.id });
  await audit(trx, tenantId, actor, 'supplier.linked', s.id, { variantId, ...input });
  return { variantId, supplierId: s.id, unitCost: input.unitCost };
}

/** Links the variant with this SKU (the supplier page's form); 400 with a field message when no variant has it. */
export async function linkSkuToSupplier(
  trx: Trx,
  tenantId: string,
  sku: string,
  input: LinkInput,
  actor = SYSTEM,
) {
  const variantId = await findVariantIdBySku(trx, tenantId, sku);
  if (!variantId)
    throw new AppError('validation_failed', 'No variant has this SKU', {
      issues: [{ path: 'sku', message: 'No variant in this store has this SKU' }],
    });
  return linkVariantSupplier(trx, tenantId, variantId, input, actor);
}
