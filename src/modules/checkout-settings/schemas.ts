/**
 * Checkout settings a merchant configures: discount codes, shipping rates and
 * tax rates. Money is integer minor units; rates and percentage discounts are
 * basis points (1000 = 10 %).
 */
import { z } from '../../lib/http/openapi.js';

const money = z.number().int().min(0).max(1_000_000_000_000);
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'A two-letter ISO 3166 country code')
  .transform((s) => s.toUpperCase());
const instant = z.iso.datetime({ offset: true });

export const ZDiscountKind = z.enum(['percentage', 'fixed']);

const discountFields = {
  code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, _ or -'),
  kind: ZDiscountKind,
  /** percentage: basis points (1–10000); fixed: minor units. */
  value: z.number().int().min(1).max(1_000_000_000_000),
  minSubtotal: money.optional(),
  usageLimit: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
  startsAt: instant.nullable().optional(),
  endsAt: instant.nullable().optional(),
  active: z.boolean().optional(),
};

export const ZCreateDiscountCode = z
  .object(discountFields)
  .strict()
  .refine((d) => d.kind !== 'percentage' || d.value <= 10_000, {
    path: ['value'],
    message: 'A percentage is at most 10000 basis points',
  })
  .openapi('CreateDiscountCode');
export type CreateDiscountCodeInput = z.infer<typeof ZCreateDiscountCode>;

export const ZUpdateDiscountCode = z
  .object({
    value: discountFields.value.optional(),
    minSubtotal: discountFields.minSubtotal,
    usageLimit: discountFields.usageLimit,
    startsAt: discountFields.startsAt,
    endsAt: discountFields.endsAt,
    active: discountFields.active,
  })
  .strict()
  .openapi('UpdateDiscountCode');
export type UpdateDiscountCodeInput = z.infer<typeof ZUpdateDiscountCode>;

export const ZDiscountCode = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: ZDiscountKind,
    value: z.number(),
    minSubtotal: z.number(),
    usageLimit: z.number().nullable(),
    usedCount: z.number(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('DiscountCode');
export type DiscountCode = z.infer<typeof ZDiscountCode>;

export const ZCreateShippingRate = z
  .object({
    name: z.string().trim().min(1).max(100),
    amount: money,
    /** Goods total (after discount) at or above which this rate is free. */
    freeAbove: money.nullable().optional(),
    /** Empty or absent: every country. */
    countries: z.array(country).max(250).optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('CreateShippingRate');
export type CreateShippingRateInput = z.infer<typeof ZCreateShippingRate>;

export const ZUpdateShippingRate = ZCreateShippingRate.partial().strict().openapi('UpdateShippingRate');
export type UpdateShippingRateInput = z.infer<typeof ZUpdateShippingRate>;

export const ZShippingRate = z
  .object({
    id: z.string(),
    name: z.string(),
    amount: z.number(),
    freeAbove: z.number().nullable(),
    countries: z.array(z.string()),
    position: z.number(),
    active: z.boolean(),
  })
  .openapi('ShippingRate');
export type ShippingRate = z.infer<typeof ZShippingRate>;

/** A state/province code without the country (ISO 3166-2 suffix), upper-cased. */
export const ZRegion = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,3}$/, 'A state/province code like CA, ON or NSW');
export const ZTaxRateQuery = z.object({ region: ZRegion.optional() }).strict();

export const ZPutTaxRate = z
  .object({
    /** Basis points: 2000 = 20 %. */
    rate: z.number().int().min(0).max(10_000),
    /** True: prices already include this tax (EU style). */
    inclusive: z.boolean().optional(),
    /** A state/province code (e.g. "CA", "ON"): this rate overrides the country's there. Absent: the country. */
    region: ZRegion.optional(),
  })
  .strict()
  .openapi('PutTaxRate');
export type PutTaxRateInput = z.infer<typeof ZPutTaxRate>;

export const ZTaxRate = z
  .object({ country: z.string(), region: z.string().nullable(), rate: z.number(), inclusive: z.boolean() })
  .openapi('TaxRate');
export type TaxRate = z.infer<typeof ZTaxRate>;

export const ZCountryParam = z.object({ country });
export const ZIdParam = z.object({ id: z.uuid() });
export const ZShippingQuery = z.object({ country: country.optional() }).strict();
