/**
 * SQL for saved addresses (customer_addresses). Every statement is bounded by
 * the store AND the shopper: an address id of another shopper or store
 * matches nothing. At most one default per shopper (partial unique index);
 * setting a default clears the old one first in the same transaction.
 */
import type { Selectable, Updateable } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { CustomerAddressesTable } from '../../../lib/db/tables/customer-accounts.js';

export type AddressRow = Selectable<CustomerAddressesTable>;

export interface AddressValues {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

const cols = (v: AddressValues) => ({
  name: v.name,
  line1: v.line1,
  line2: v.line2,
  city: v.city,
  region: v.region,
  postal_code: v.postalCode,
  country: v.country,
  phone: v.phone,
});

export function listAddresses(trx: Trx, tenantId: string, customerId: string): Promise<AddressRow[]> {
  return trx
    .selectFrom('customer_addresses')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function countAddresses(trx: Trx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customer_addresses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function clearDefaultAddress(trx: Trx, tenantId: string, customerId: string) {
  await trx
    .updateTable('customer_addresses')
    .set({ is_default: false })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('is_default', '=', true)
    .execute();
}

export async function insertAddress(
  trx: Trx,
  tenantId: string,
  customerId: string,
  v: AddressValues,
  isDefault: boolean,
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('customer_addresses')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      ...cols(v),
      is_default: isDefault,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sets columns of the shopper's own address; false when it is not theirs. */
async function setOwnAddress(
  trx: Trx,
  tenantId: string,
  customerId: string,
  id: string,
  set: Updateable<CustomerAddressesTable>,
): Promise<boolean> {
  const row = await trx
    .updateTable('customer_addresses')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Updates the shopper's own address; false when it is not theirs. */
export function updateAddress(
  trx: Trx,
  tenantId: string,
  customerId: string,
  id: string,
  v: AddressValues,
  now: Date,
): Promise<boolean> {
  return setOwnAddress(trx, tenantId, customerId, id, { ...cols(v), updated_at: now });
}

export function markDefaultAddress(trx: Trx, tenantId: string, customerId: string, id: string) {
  return setOwnAddress(trx, tenantId, customerId, id, { is_default: true });
}

/** Deletes the shopper's own address; whether it was the default (undefined when not theirs). */
export async function deleteAddress(trx: Trx, tenantId: string, customerId: string, id: string) {
  const row = await trx
    .deleteFrom('customer_addresses')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .returning('is_default')
    .executeTakeFirst();
  return row?.is_default;
}

/** The oldest remaining address becomes the default (after the default was deleted). */
export async function promoteFirstAddress(trx: Trx, tenantId: string, customerId: string) {
  const first = await trx
    .selectFrom('customer_addresses')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (first) await markDefaultAddress(trx, tenantId, customerId, first.id);
}
