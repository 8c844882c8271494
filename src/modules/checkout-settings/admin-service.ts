/**
 * Checkout settings as their routes call them: each operation in its own
 * tenant transaction, around the service's rules (./service.ts) and the
 * repository. `listShippingOptions` is the store's (shopper-facing) read.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
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

/** The audit entry of a settings change, when the caller names who made it. */
async function audited(
  trx: Trx,
  tenantId: string,
  actor: StoreActor | undefined,
  summary: string,
): Promise<void> {
  if (actor)
    await auditStoreAction(trx, tenantId, actor, 'settings.updated', {
      summary,
      targetType: 'checkout_settings',
    });
}

// ── Discount codes ─────────────────────────────────────────────────────────

export async function listDiscountCodesForAdmin(db: Db, tenantId: string): Promise<DiscountCode[]> {
  const rows = await withTenant(db, tenantId, (trx) => repo.listDiscountCodes(trx, tenantId));
  return rows.map(service.toDiscountCode);
}

export function createDiscountCodeForAdmin(
  db: Db,
  tenantId: string,
  input: CreateDiscountCodeInput,
  actor?: StoreActor,
): Promise<DiscountCode> {
  return withTenant(db, tenantId, async (trx) => {
    const d = await service.createDiscountCode(trx, tenantId, input);
    await audited(trx, tenantId, actor, `Created discount code ${d.code}`);
    return d;
  });
}

export function getDiscountCodeForAdmin(db: Db, tenantId: string, id: string): Promise<DiscountCode> {
  return withTenant(db, tenantId, (trx) => service.getDiscountCode(trx, tenantId, id));
}

export function updateDiscountCodeForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateDiscountCodeInput,
  actor?: StoreActor,
): Promise<DiscountCode> {
  return withTenant(db, tenantId, async (trx) => {
    const d = await service.updateDiscountCode(trx, tenantId, id, input);
    await audited(trx, tenantId, actor, `Changed discount code ${d.code}`);
    return d;
  });
}

export async function deleteDiscountCodeForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  actor?: StoreActor,
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    if (!(await repo.deleteDiscountCode(trx, tenantId, id))) throw notFound('Discount code');
    await audited(trx, tenantId, actor, 'Deleted a discount code');
  });
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
  actor?: StoreActor,
): Promise<ShippingRate> {
  return withTenant(db, tenantId, async (trx) => {
    const r = await service.createShippingRate(trx, tenantId, input);
    await audited(trx, tenantId, actor, `Added shipping rate ${r.name}`);
    return r;
  });
}

export function updateShippingRateForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateShippingRateInput,
  actor?: StoreActor,
): Promise<ShippingRate> {
  return withTenant(db, tenantId, async (trx) => {
    const r = await service.updateShippingRate(trx, tenantId, id, input);
    await audited(trx, tenantId, actor, `Changed shipping rate ${r.name}`);
    return r;
  });
}

export async function deleteShippingRateForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  actor?: StoreActor,
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    if (!(await repo.deleteShippingRate(trx, tenantId, id))) throw notFound('Shipping rate');
    await audited(trx, tenantId, actor, 'Deleted a shipping rate');
  });
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
  actor?: StoreActor,
): Promise<TaxRate> {
  return withTenant(db, tenantId, async (trx) => {
    const t = await service.putTaxRate(trx, tenantId, country, input);
    const where = t.region ? `${t.country}-${t.region}` : t.country;
    await audited(trx, tenantId, actor, `Set the tax rate for ${where} to ${t.rate / 100} %`);
    return t;
  });
}

export async function deleteTaxRateForAdmin(
  db: Db,
  tenantId: string,
  country: string,
  actor?: StoreActor,
  region = '',
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    if (!(await repo.deleteTaxRate(trx, tenantId, country, region))) throw notFound('Tax rate');
    await audited(
      trx,
      tenantId,
      actor,
      `Removed the tax rate for ${region ? `${country}-${region}` : country}`,
    );
  });
}
