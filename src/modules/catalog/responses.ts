/** Catalog response schemas for the OpenAPI document (admin surface). */
import { z } from '../../lib/http/openapi.js';

export const ZCategoryRefOut = z.object({ id: z.string(), handle: z.string(), name: z.string() });

export const ZAdminVariant = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  price: z.number().int(),
  compareAtPrice: z.number().int().nullable(),
  cost: z.number().int().nullable(),
  stock: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  position: z.number().int(),
});

export const ZAdminProduct = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    description: z.string(),
    seoTitle: z.string().nullable(),
    seoDescription: z.string().nullable(),
    status: z.enum(['draft', 'active', 'archived']),
    category: ZCategoryRefOut.nullable(),
    tags: z.array(z.string()),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    images: z.array(
      z.object({ id: z.string(), url: z.string(), alt: z.string(), position: z.number().int() }),
    ),
    variants: z.array(ZAdminVariant),
    minPrice: z.number().int(),
    maxPrice: z.number().int(),
    inStock: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminProduct');

export const ZAdminProductSummary = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'active', 'archived']),
    category: z.object({ handle: z.string(), name: z.string() }).nullable(),
    tags: z.array(z.string()),
    minPrice: z.number().int(),
    maxPrice: z.number().int(),
    inStock: z.boolean(),
    variantCount: z.number().int(),
    totalStock: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminProductSummary');

export const ZAdminCategory = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    parentId: z.string().nullable(),
  })
  .openapi('AdminCategory');
