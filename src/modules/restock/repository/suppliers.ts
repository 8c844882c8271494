/** Restock data access: suppliers (`suppliers`) and variant ↔ supplier links (`variant_suppliers`). */
import { isUuid, type Trx } from '../../../lib/db/index.js';
import { notFound } from '../../../lib/errors.js';
import type { SupplierInput } from '../schemas.js';

export type SupplierRow = Awaited<ReturnType<typeof getSupplierRow>>;

export async function getSupplierRow(trx: Trx, tenantId: string, id: string) {
  const r = isUuid(id)
    ? await trx
        .selectFrom('suppliers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw notFound('Supplier');
  return r;
}

export async function listSupplierRows(trx: Trx, tenantId: string): Promise<SupplierRow[]> {
  return trx
    .selectFrom('suppliers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function insertSupplier(trx: Trx, tenantId: string, input: SupplierInput): Promise<SupplierRow> {
  return trx
    .insertInto('suppliers')
    .values({
      tenant_id: tenantId,
      name: input.name,
      email: input.email ?? null,
      lead_time_days: input.leadTimeDays ?? 7,
      moq: input.moq ?? 1,
      pack_size: input.packSize ?? 1,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSupplierRow(
  trx: Trx,
  tenantId: string,
  id: string,
  input: Partial<SupplierInput>,
): Promise<SupplierRow> {
  return trx
    .updateTable('suppliers')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.leadTimeDays !== undefined ? { lead_time_days: input.leadTimeDays } : {}),
      ...(input.moq !== undefined ? { moq: input.moq } : {}),
      ...(input.packSize !== undefined ? { pack_size: input.packSize } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether any purchase order (in any state) names the supplier. */
export async function supplierHasPurchaseOrders(
  trx: Trx,
  tenantId: string,
  supplierId: string,
): Promise<boolean> {
  const used = await trx
    .selectFrom('purchase_orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return used !== undefined;
}

export async function deleteSupplierRow(trx: Trx, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('suppliers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Makes the supplier the variant's preferred source (other links become non-preferred). */
export async function savePreferredSupplier(
  trx: Trx,
  tenantId: string,
  link: {
    variantId: string;
    supplierId: string;
    unitCost: number;
    leadTimeDays?: number | null;
    moq?: number | null;
    packSize?: number | null;
  },
): Promise<void> {
  const terms = {
    lead_time_days: link.leadTimeDays ?? null,
    moq: link.moq ?? null,
    pack_size: link.packSize ?? null,
  };
  await trx
    .updateTable('variant_suppliers')
    .set({ preferred: false })
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', link.variantId)
    .execute();
  await trx
    .insertInto('variant_suppliers')
    .values({
      tenant_id: tenantId,
      variant_id: link.variantId,
      supplier_id: link.supplierId,
      unit_cost: link.unitCost,
      preferred: true,
      ...terms,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'variant_id', 'supplier_id'])
        .doUpdateSet({ unit_cost: link.unitCost, preferred: true, ...terms }),
    )
    .execute();
}
