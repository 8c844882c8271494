/**
 * A shopper's saved addresses: list, add, edit, delete, make default. The
 * first address becomes the default; deleting the default promotes the
 * oldest remaining one. At most 20 per shopper. The storefront checks fields
 * in a shopper's words before calling (checkout-values.ts); this schema is
 * the service's own guard.
 */
import { z } from 'zod';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import * as repo from './repository/addresses.js';

export const MAX_ADDRESSES = 20;

export const ZAddress = z
  .object({
    name: z.string().trim().min(1).max(200),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).nullable(),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100).nullable(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/),
    phone: z.string().trim().max(40).nullable(),
  })
  .strict();
export type AddressInput = z.infer<typeof ZAddress>;

export interface SavedAddress extends AddressInput {
  id: string;
  isDefault: boolean;
}

function view(r: repo.AddressRow): SavedAddress {
  return {
    id: r.id,
    name: r.name,
    line1: r.line1,
    line2: r.line2,
    city: r.city,
    region: r.region,
    postalCode: r.postal_code,
    country: r.country.trim(),
    phone: r.phone,
    isDefault: r.is_default,
  };
}

export function listCustomerAddresses(
  deps: Deps,
  tenantId: string,
  customerId: string,
): Promise<SavedAddress[]> {
  return withTenant(deps.db, tenantId, async (trx) =>
    (await repo.listAddresses(trx, tenantId, customerId)).map(view),
  );
}

/** Adds (no id) or edits (the shopper's own id, else 404) an address; `makeDefault` moves the default here. */
export function saveCustomerAddress(
  deps: Deps,
  tenantId: string,
  customerId: string,
  input: AddressInput,
  opts: { id?: string; makeDefault?: boolean } = {},
): Promise<string> {
  const v = ZAddress.parse(input);
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    let id = opts.id;
    if (id) {
      if (!(await repo.updateAddress(trx, tenantId, customerId, id, v, now)))
        throw new AppError('not_found', 'Address not found');
    } else {
      const n = await repo.countAddresses(trx, tenantId, customerId);
      if (n >= MAX_ADDRESSES)
        throw new AppError('validation_failed', `You can save up to ${MAX_ADDRESSES} addresses.`);
      const isDefault = n === 0 || opts.makeDefault === true;
      if (isDefault) await repo.clearDefaultAddress(trx, tenantId, customerId);
      id = await repo.insertAddress(trx, tenantId, customerId, v, isDefault, now);
      return id;
    }
    if (opts.makeDefault) {
      await repo.clearDefaultAddress(trx, tenantId, customerId);
      await repo.markDefaultAddress(trx, tenantId, customerId, id);
    }
    return id;
  });
}

export function makeDefaultAddress(
  deps: Deps,
  tenantId: string,
  customerId: string,
  id: string,
): Promise<void> {
  return withTenant(deps.db, tenantId, async (trx) => {
    await repo.clearDefaultAddress(trx, tenantId, customerId);
    if (!(await repo.markDefaultAddress(trx, tenantId, customerId, id)))
      throw new AppError('not_found', 'Address not found');
  });
}

export function deleteCustomerAddress(
  deps: Deps,
  tenantId: string,
  customerId: string,
  id: string,
): Promise<void> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const wasDefault = await repo.deleteAddress(trx, tenantId, customerId, id);
    if (wasDefault === undefined) throw new AppError('not_found', 'Address not found');
    if (wasDefault) await repo.promoteFirstAddress(trx, tenantId, customerId);
  });
}

/** The default address, for prefilling checkout (undefined when none is saved). */
export async function defaultCustomerAddress(
  deps: Deps,
  tenantId: string,
  customerId: string,
): Promise<SavedAddress | undefined> {
  const all = await listCustomerAddresses(deps, tenantId, customerId);
  return all.find((a) => a.isDefault) ?? all[0];
}
