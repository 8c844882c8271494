/**
 * Checkout settings as their routes call them: each operation in its own
 * tenant transaction, around the service's rules (./service.ts) and the
 * repository. `listShippingOptions` is the store's (shopper-facing) read.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import type {
  CreateDiscountCodeInput,
  CreateShippingRateInput,
  DiscountCode,
  PutTaxRateInput,
  ShippingRate,
  TaxRate,
  UpdateDiscountCodeInput,
  UpdateShippingRateInput,
} from './schemas.js';
import * as service from './service.js';

// ── Discount codes ─────────────────────────────────────────────────────────

export async function listDiscountCodesForAdmin(db: Db, tenantId: string): Promise<DiscountCode[]> {
  const rows = await withTenant(db, tenantId, (trx) => repo.listDiscountCodes(trx, tenantId));
  return rows.map(service.toDiscountCode);
}

export function createDiscountCodeForAdmin(
  db: Db,
  tenantId: string,
  input: CreateDiscountCodeInput,
): Promise<DiscountCode> {
  return withTenant(db, tenantId, (trx) => service.createDiscountCode(trx, tenantId, input));
}

export function getDiscountCodeForAdmin(db: Db, tenantId: string, id: string): Promise<DiscountCode> {
  return withTenant(db, tenantId, (trx) => service.getDiscountCode(trx, tenantId, id));
}

export function updateDiscountCodeForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateDiscountCodeInput,
): Promise<DiscountCode> {
  return withTenant(db, tenantId, (trx) => service.updateDiscountCode(trx, tenantId, id, input));
}

export async function deleteDiscountCodeForAdmin(db: Db, tenantId: string, id: string): Promise<void> {
  const ok = await withTenant(db, tenantId, (trx) => repo.deleteDiscountCode(trx, tenantId, id));
  if (!ok) throw notFound('Discount code');
}

// ── Shipping rates ─────────────────────────────────────────────────────────

export async function listShippingRatesForAdmin(db: Db, tenantId: string): Promise<ShippingRate[]> {
  const rows = await withTenant(db, tenantId, (trx) => repo.listShippingRates(trx, tenantId));
  return rows.map(service.toShippingRate);
}

export function createShippingRateForAdmin(
  db: Db,
  tenantId: string,
  input: CreateShippingRateInput,
): Promise<ShippingRate> {
  return withTenant(db, tenantId, (trx) => service.createShippingRate(trx, tenantId, input));
}

export function updateShippingRateForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateShippingRateInput,
): Promise<ShippingRate> {
  return withTenant(db, tenantId, (trx) => service.updateShippingRate(trx, tenantId, id, input));
}

export async function deleteShippingRateForAdmin(db: Db, tenantId: string, id: string): Promise<void> {
  const ok = await withTenant(db, tenantId, (trx) => repo.deleteShippingRate(trx, tenantId, id));
  if (!ok) throw notFound('Shipping rate');
}

/** Active rates that ship to `country` (all active rates without one): the JSON API and the checkout page. */
export function listShippingOptions(db: Db, tenantId: string, country?: string): Promise<ShippingRate[]> {
  return withTenant(db, tenantId, (trx) => service.shippingOptions(trx, tenantId, country));
}

// ── Tax rates ──────────────────────────────────────────────────────────────

export async function listTaxRatesForAdmin(db: Db, tenantId: string): Promise<TaxRate[]> {
  const rows = await withTenant(db, tenantId, (trx) => repo.listTaxRates(trx, tenantId));
  return rows.map(service.toTaxRate);
}

export function putTaxRateForAdmin(
  db: Db,
  tenantId: string,
  country: string,
  input: PutTaxRateInput,
): Promise<TaxRate> {
  return withTenant(db, tenantId, (trx) => service.putTaxRate(trx, tenantId, country, input));
}

export async function deleteTaxRateForAdmin(db: Db, tenantId: string, country: string): Promise<void> {
  const ok = await withTenant(db, tenantId, (trx) => repo.deleteTaxRate(trx, tenantId, country));
  if (!ok) throw notFound('Tax rate');
}
