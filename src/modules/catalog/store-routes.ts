/**
 * Store API (public, shopper token optional): product listing/search, one
 * product, the category tree. Only active products exist here.
 * Product lists and product detail are served from the per-process read cache
 * when the API runs one (store-cache.ts says what invalidates them), always
 * with an ETag (304 on If-None-Match). The category tree is read each time:
 * category edits raise no catalog notice.
 */
import { createRoute } from '@hono/zod-openapi';
import { storeOf } from '../../lib/http/middleware.js';
import { createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { cachedJson } from '../../lib/http/read-cache.js';
import { MAX_MONEY } from './schemas.js';
import { listScopes, productScopes } from './store-cache.js';
import { getCategoryTree, getStoreProduct, searchStoreProducts } from './store-service.js';

const tags = ['Store: catalog'];

const ZIntParam = (max: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, 'A whole number')
    .transform(Number)
    .refine((n) => n <= max, `At most ${max}`);

export const ZStoreProductsQuery = z
  .object({
    q: z.string().max(200).optional(),
    category: z.string().trim().min(1).max(100).optional(),
    minPrice: ZIntParam(MAX_MONEY).optional(),
    maxPrice: ZIntParam(MAX_MONEY).optional(),
    inStock: z.enum(['true', 'false', '1', '0']).optional(),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'newest']).optional(),
    limit: ZIntParam(100)
      .refine((n) => n >= 1, 'At least 1')
      .optional(),
    cursor: z.string().max(500).optional(),
    facets: z.enum(['true', 'false', '1', '0']).optional().openapi({
      description:
        'Also count facets (categories, price bands, in-stock) over the same match. Off by default: counting them costs a second pass over every matching product.',
    }),
  })
  .strict();

const ZCard = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    price: z.number().int(),
    currency: z.string(),
    inStock: z.boolean(),
    compareAtPrice: z.number().int().optional(),
    image: z.object({ url: z.string(), alt: z.string() }).optional(),
  })
  .openapi('StoreProductCard');

const ZStorePage = z
  .object({
    items: z.array(ZCard),
    nextCursor: z.string().nullable(),
    facets: z
      .object({
        categories: z.array(z.object({ handle: z.string(), name: z.string(), count: z.number().int() })),
        priceBands: z.array(
          z.object({ min: z.number().int(), max: z.number().int().nullable(), count: z.number().int() }),
        ),
        inStock: z.object({ count: z.number().int() }),
        total: z.number().int(),
      })
      .optional()
      .openapi({ description: 'Present only when the request asked for `facets=true`.' }),
  })
  .openapi('StoreProductPage');

const ZStoreProduct = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    description: z.string(),
    price: z.number().int(),
    currency: z.string(),
    inStock: z.boolean(),
    tags: z.array(z.string()),
    images: z.array(z.object({ url: z.string(), alt: z.string() })),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    variants: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        title: z.string(),
        options: z.record(z.string(), z.string()),
        price: z.number().int(),
        compareAtPrice: z.number().int().nullable(),
        currency: z.string(),
        inStock: z.boolean(),
        available: z.number().int(),
      }),
    ),
    category: z.object({ handle: z.string(), name: z.string() }).nullable(),
  })
  .openapi('StoreProduct');

// Not a recursive zod schema: the OpenAPI generator cannot walk z.lazy cycles.
const ZCategoryNode = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    productCount: z.number().int(),
    children: z.array(z.unknown()).openapi({ description: 'Child categories (same shape, nested)' }),
  })
  .openapi('CategoryNode');

const notModified = {
  description: 'Not modified: the If-None-Match header named the current ETag (no body)',
};

export const catalogStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/products',
      tags,
      summary: 'List and search active products (facets on request)',
      request: { query: ZStoreProductsQuery },
      responses: {
        200: jsonContent(ZStorePage, 'A page of products'),
        304: notModified,
        ...errorResponses(400, 404, 503),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const q = c.req.valid('query');
      const query = {
        q: q.q,
        category: q.category,
        minPrice: q.minPrice,
        maxPrice: q.maxPrice,
        inStock: q.inStock === 'true' || q.inStock === '1',
        sort: q.sort,
        limit: q.limit ?? 24,
        cursor: q.cursor,
        facets: q.facets === 'true' || q.facets === '1',
      };
      return cachedJson(c, c.get('deps').readCache, {
        tenantId: t.id,
        key: `list|${t.currency}|${JSON.stringify(query)}`,
        // One statement, search included: one round trip.
        load: () => searchStoreProducts(c.get('deps').db, t, query),
        scopes: listScopes,
      });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/products/{idOrHandle}',
      tags,
      summary: 'One active product by id or handle',
      request: { params: z.object({ idOrHandle: z.string() }) },
      responses: {
        200: jsonContent(ZStoreProduct, 'The product'),
        304: notModified,
        ...errorResponses(404, 503),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { idOrHandle } = c.req.valid('param');
      return cachedJson(c, c.get('deps').readCache, {
        tenantId: t.id,
        key: `product|${t.currency}|${idOrHandle}`,
        load: () => getStoreProduct(c.get('deps').db, t, idOrHandle),
        scopes: productScopes,
      });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/categories',
      tags,
      summary: 'The category tree',
      responses: {
        200: jsonContent(z.object({ items: z.array(ZCategoryNode) }), 'Categories'),
        304: notModified,
        ...errorResponses(404, 503),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return cachedJson(c, c.get('deps').readCache, {
        tenantId: t.id,
        key: 'categories',
        load: async () => {
          const items: z.infer<typeof ZCategoryNode>[] = await getCategoryTree(c.get('deps').db, t.id);
          return { items };
        },
        // Counts are of active products (not stock): only whole-store notices (a category, product or import change) reach it.
      });
    },
  );
