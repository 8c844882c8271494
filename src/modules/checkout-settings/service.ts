/**
 * Business rules for discount codes, shipping rates and tax rates, plus what
 * checkout applies (`claimDiscount`, `pickShippingRate`; it reads the rates
 * and the tax rule itself, src/flows/checkout-reads.ts). Rates and
 * percentages are basis points; money is minor units.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
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

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toDiscountCode(r: repo.DiscountRow): DiscountCode {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    value: r.value,
    minSubtotal: r.min_subtotal,
    usageLimit: r.usage_limit,
    usedCount: r.used_count,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    active: r.active,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export function toShippingRate(r: repo.ShippingRateRow): ShippingRate {
  return {
    id: r.id,
    name: r.name,
    amount: r.amount,
    freeAbove: r.free_above,
    countries: r.countries,
    position: r.position,
    active: r.active,
  };
}

export function toTaxRate(r: repo.TaxRateRow): TaxRate {
  return { country: r.country, region: r.region || null, rate: r.rate_bp, inclusive: r.inclusive };
}

function checkDateRange(startsAt: string | null | undefined, endsAt: string | null | undefined): void {
  if (startsAt && endsAt && new Date(endsAt) <= new Date(startsAt)) {
    throw new AppError('validation_failed', 'The end must be after the start', {
      issues: [{ path: 'endsAt', message: 'Must be after startsAt' }],
    });
  }
}

// ── Discount codes ─────────────────────────────────────────────────────────

export async function createDiscountCode(
  trx: Trx,
  tenantId: string,
  input: CreateDiscountCodeInput,
): Promise<DiscountCode> {
  checkDateRange(input.startsAt, input.endsAt);
  if (await repo.findDiscountCodeByCode(trx, tenantId, input.code)) {
    throw new AppError('conflict', 'A discount code with this code already exists', {
      issues: [{ path: 'code', message: 'Already exists' }],
    });
  }
  const row = await repo
    .insertDiscountCode(trx, {
      tenant_id: tenantId,
      code: input.code,
      kind: input.kind,
      value: input.value,
      min_subtotal: input.minSubtotal ?? 0,
      usage_limit: input.usageLimit ?? null,
      starts_at: input.startsAt ? new Date(input.startsAt) : null,
      ends_at: input.endsAt ? new Date(input.endsAt) : null,
      active: input.active ?? true,
    })
    .catch((err: unknown) => {
      // Lost a race with an identical create: same answer as the check above.
      if (repo.isUniqueViolation(err))
        throw new AppError('conflict', 'A discount code with this code already exists');
      throw err;
    });
  return toDiscountCode(row);
}

export async function updateDiscountCode(
  trx: Trx,
  tenantId: string,
  id: string,
  input: UpdateDiscountCodeInput,
): Promise<DiscountCode> {
  const current = await repo.findDiscountCodeById(trx, tenantId, id);
  if (!current) throw notFound('Discount code');
  if (input.value !== undefined && current.kind === 'percentage' && input.value > 10_000) {
    throw new AppError('validation_failed', 'A percentage is at most 10000 basis points', {
      issues: [{ path: 'value', message: 'At most 10000' }],
    });
  }
  if (input.usageLimit != null && input.usageLimit < current.used_count) {
    throw new AppError('validation_failed', 'The usage limit is below the uses so far', {
      issues: [{ path: 'usageLimit', message: `At least ${current.used_count}` }],
    });
  }
  const startsAt = input.startsAt !== undefined ? input.startsAt : iso(current.starts_at);
  const endsAt = input.endsAt !== undefined ? input.endsAt : iso(current.ends_at);
  checkDateRange(startsAt, endsAt);
  const row = await repo.updateDiscountCode(trx, tenantId, id, {
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.minSubtotal !== undefined ? { min_subtotal: input.minSubtotal } : {}),
    ...(input.usageLimit !== undefined ? { usage_limit: input.usageLimit } : {}),
    ...(input.startsAt !== undefined ? { starts_at: input.startsAt ? new Date(input.startsAt) : null } : {}),
    ...(input.endsAt !== undefined ? { ends_at: input.endsAt ? new Date(input.endsAt) : null } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  });
  if (!row) throw notFound('Discount code');
  return toDiscountCode(row);
}

export async function getDiscountCode(trx: Trx, tenantId: string, id: string): Promise<DiscountCode> {
  const row = isUuid(id) ? await repo.findDiscountCodeById(trx, tenantId, id) : undefined;
  if (!row) throw notFound('Discount code');
  return toDiscountCode(row);
}

export { claimDiscount, discountClaim, discountRefusal, previewDiscount } from './discounts.js';

// ── Shipping rates ─────────────────────────────────────────────────────────

export async function createShippingRate(
  trx: Trx,
  tenantId: string,
  input: CreateShippingRateInput,
): Promise<ShippingRate> {
  const row = await repo.insertShippingRate(trx, {
    tenant_id: tenantId,
    name: input.name,
    amount: input.amount,
    free_above: input.freeAbove ?? null,
    countries: [...new Set(input.countries ?? [])],
    position: input.position ?? 0,
    active: input.active ?? true,
  });
  return toShippingRate(row);
}

export async function updateShippingRate(
  trx: Trx,
  tenantId: string,
  id: string,
  input: UpdateShippingRateInput,
): Promise<ShippingRate> {
  const row = await repo.updateShippingRate(trx, tenantId, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.freeAbove !== undefined ? { free_above: input.freeAbove } : {}),
    ...(input.countries !== undefined ? { countries: [...new Set(input.countries)] } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  });
  if (!row) throw notFound('Shipping rate');
  return toShippingRate(row);
}

const appliesTo = (r: repo.ShippingRateRow, country: string) =>
  r.countries.length === 0 || r.countries.includes(country);

/** What a rate costs for goods worth `goods` (after discount): free at or above its threshold. */
export function shippingAmount(
  r: Pick<repo.ShippingRateRow, 'amount' | 'free_above'>,
  goods: number,
): number {
  return r.free_above !== null && goods >= r.free_above ? 0 : r.amount;
}

/** Active rates that ship to `country` (all active rates when no country is given). */
export async function shippingOptions(trx: Trx, tenantId: string, country?: string): Promise<ShippingRate[]> {
  const rows = await repo.listShippingRates(trx, tenantId, { activeOnly: true });
  return rows.filter((r) => !country || appliesTo(r, country)).map(toShippingRate);
}

/**
 * The shipping line of a checkout. A store with no active rates ships free.
 * With `rateId` that rate must be active and ship to `country`; without it the
 * cheapest applicable rate is used. No rate for the country → 400.
 */
export async function chooseShippingRate(
  trx: Trx,
  tenantId: string,
  country: string,
  goods: number,
  rateId?: string,
): Promise<{ name: string | null; amount: number }> {
  const rows = await repo.listShippingRates(trx, tenantId, { activeOnly: true });
  return pickShippingRate(rows, country, goods, rateId);
}

/** The pure part of `chooseShippingRate`, over the store's active rates. */
export function pickShippingRate(
  rows: readonly repo.ShippingRateRow[],
  country: string,
  goods: number,
  rateId?: string,
): { name: string | null; amount: number } {
  if (rows.length === 0 && !rateId) return { name: null, amount: 0 };
  const usable = rows.filter((r) => appliesTo(r, country));
  const fail = (path: string, message: string) =>
    new AppError('validation_failed', message, { issues: [{ path, message }] });
  if (rateId) {
    const r = usable.find((x) => x.id === rateId);
    if (!r) throw fail('shippingRateId', 'This shipping option is not available for the address');
    return { name: r.name, amount: shippingAmount(r, goods) };
  }
  if (usable.length === 0) throw fail('shippingAddress.country', 'This store does not ship to that country');
  let best = usable[0]!;
  for (const r of usable) if (shippingAmount(r, goods) < shippingAmount(best, goods)) best = r;
  return { name: best.name, amount: shippingAmount(best, goods) };
}

// ── Tax rates ──────────────────────────────────────────────────────────────

export async function putTaxRate(
  trx: Trx,
  tenantId: string,
  country: string,
  input: PutTaxRateInput,
): Promise<TaxRate> {
  const row = await repo.upsertTaxRate(trx, {
    tenant_id: tenantId,
    country,
    region: input.region ?? '',
    rate_bp: input.rate,
    inclusive: input.inclusive ?? false,
  });
  return toTaxRate(row);
}
