/**
 * Suppliers and the variant ↔ supplier links restock plans from, in the
 * caller's tenant transaction (see ./service.ts for the transaction owners).
 */
import type { Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { badTransition } from './purchase-orders.js';
import { variantExists } from './repository/planning.js';
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
import type { SupplierInput } from './schemas.js';

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

export async function createSupplier(trx: Trx, tenantId: string, input: SupplierInput) {
  return supplierOut(await insertSupplier(trx, tenantId, input));
}

export async function updateSupplier(trx: Trx, tenantId: string, id: string, input: Partial<SupplierInput>) {
  const cur = await getSupplierRow(trx, tenantId, id);
  return supplierOut(await updateSupplierRow(trx, tenantId, cur.id, input));
}

export async function deleteSupplier(trx: Trx, tenantId: string, id: string): Promise<void> {
  const cur = await getSupplierRow(trx, tenantId, id);
  if (await supplierHasPurchaseOrders(trx, tenantId, cur.id))
    throw badTransition('referenced', 'deleted (it has purchase orders)');
  await deleteSupplierRow(trx, tenantId, cur.id);
}

/** Links a variant to a supplier as its preferred source (other links become non-preferred). */
export async function linkVariantSupplier(
  trx: Trx,
  tenantId: string,
  variantId: string,
  input: { supplierId: string; unitCost: number },
) {
  if (!(await variantExists(trx, tenantId, variantId))) throw notFound('Variant');
  const s = await getSupplierRow(trx, tenantId, input.supplierId);
  await savePreferredSupplier(trx, tenantId, { variantId, supplierId: s.id, unitCost: input.unitCost });
  return { variantId, supplierId: s.id, unitCost: input.unitCost };
}
