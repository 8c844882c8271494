/**
 * Catalog input and output schemas (zod, strict). Money is integer minor units
 * in the store's currency everywhere in this module.
 *
 * `category` on product input is a category HANDLE or a category ID (uuid);
 * null clears it. An unknown category is a validation error on `category`.
 */
import { z } from '../../lib/http/openapi.js';

/** Largest price we accept: 10^10 minor units (100 million in a 2-decimal currency). */
export const MAX_MONEY = 10_000_000_000;
/** Largest stock/threshold we accept (stays far inside PostgreSQL int4). */
export const MAX_QUANTITY = 1_000_000_000;

export const ZMoney = z.number().int().min(0).max(MAX_MONEY);
export const ZQuantity = z.number().int().min(0).max(MAX_QUANTITY);

const ZSku = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s\p{C}]+$/u, 'SKU: no spaces or control characters');

/** Image URLs: absolute http(s) or a site-relative path; never javascript:, data: or //host. */
const ZImageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u) || /^\/(?!\/)[^\s]*$/.test(u), 'An http(s) URL or a /path');

export const ZImageInput = z.object({ url: ZImageUrl, alt: z.string().max(300).optional() }).strict();

export const ZOptionInput = z
  .object({
    name: z.string().trim().min(1).max(50),
    values: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
  })
  .strict();

export const ZVariantOptions = z.record(z.string().trim().min(1).max(50), z.string().trim().min(1).max(100));

export const ZHandle = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and single dashes');

export const ZVariantInput = z
  .object({
    sku: ZSku,
    title: z.string().trim().max(200).optional(),
    options: ZVariantOptions.optional(),
    price: ZMoney,
    compareAtPrice: ZMoney.nullable().optional(),
    cost: ZMoney.nullable().optional(),
    stock: ZQuantity.optional(),
    lowStockThreshold: ZQuantity.optional(),
  })
  .strict()
  .openapi('VariantInput');

const ZTags = z.array(z.string().trim().min(1).max(50)).max(50);
const ZCategoryRef = z.string().trim().min(1).max(100).nullable();

function noDuplicateSkus(variants: { sku: string }[], ctx: z.RefinementCtx, path = 'variants') {
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    // SKUs are case-sensitive, as the (tenant_id, sku) unique constraint is.
    const key = v.sku;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [path, i, 'sku'], message: 'Duplicate SKU' });
    seen.add(key);
  });
}

/** Product page <title> and meta description; null/absent: derived from the title and description. */
export const SEO_TITLE_MAX = 70;
export const SEO_DESCRIPTION_MAX = 320;
const ZSeoTitle = z.string().trim().min(1).max(SEO_TITLE_MAX).nullable();
const ZSeoDescription = z.string().trim().min(1).max(SEO_DESCRIPTION_MAX).nullable();

export const ZCreateProduct = z
  .object({
    title: z.string().trim().min(1).max(200),
    handle: ZHandle.optional(),
    description: z.string().max(20_000).optional(),
    category: ZCategoryRef.optional(),
    tags: ZTags.optional(),
    status: z.enum(['draft', 'active']).optional(),
    images: z.array(ZImageInput).max(50).optional(),
    seoTitle: ZSeoTitle.optional(),
    seoDescription: ZSeoDescription.optional(),
    options: z.array(ZOptionInput).max(3).optional(),
    variants: z.array(ZVariantInput).min(1).max(100),
  })
  .strict()
  .superRefine((p, ctx) => noDuplicateSkus(p.variants, ctx))
  .openapi('CreateProduct');
export type CreateProductInput = z.infer<typeof ZCreateProduct>;

export const ZVariantPatch = z
  .object({
    id: z.uuid(),
    title: z.string().trim().max(200).optional(),
    options: ZVariantOptions.optional(),
    price: ZMoney.optional(),
    compareAtPrice: ZMoney.nullable().optional(),
    cost: ZMoney.nullable().optional(),
    lowStockThreshold: ZQuantity.optional(),
  })
  .strict();

export const ZUpdateProduct = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    handle: ZHandle.optional(),
    description: z.string().max(20_000).optional(),
    category: ZCategoryRef.optional(),
    tags: ZTags.optional(),
    status: z.enum(['draft', 'active', 'archived']).optional(),
    images: z.array(ZImageInput).max(50).optional(),
    seoTitle: ZSeoTitle.optional(),
    seoDescription: ZSeoDescription.optional(),
    options: z.array(ZOptionInput).max(3).optional(),
    /** Changes to existing variants (stock changes go through inventory adjustments). */
    variants: z.array(ZVariantPatch).max(100).optional(),
    /** New variants to add. */
    addVariants: z.array(ZVariantInput).max(100).optional(),
    /** Ids of variants to remove (a product keeps at least one). */
    removeVariants: z.array(z.uuid()).max(100).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.addVariants) noDuplicateSkus(p.addVariants, ctx, 'addVariants');
  })
  .openapi('UpdateProduct');
export type UpdateProductInput = z.infer<typeof ZUpdateProduct>;

export const ZCreateCategory = z
  .object({
    handle: ZHandle,
    name: z.string().trim().min(1).max(100),
    parentHandle: ZHandle.nullable().optional(),
    description: z.string().max(5000).nullable().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict()
  .openapi('CreateCategory');
export type CreateCategoryInput = z.infer<typeof ZCreateCategory>;

export const ZUpdateCategory = z
  .object({
    handle: ZHandle.optional(),
    name: z.string().trim().min(1).max(100).optional(),
    parentHandle: ZHandle.nullable().optional(),
    description: z.string().max(5000).nullable().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict()
  .openapi('UpdateCategory');
export type UpdateCategoryInput = z.infer<typeof ZUpdateCategory>;
