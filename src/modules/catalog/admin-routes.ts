/**
 * Admin API for products. Roles: reading and writing products = staff (the
 * everyday catalog work of a store's team); CSV import = admin (see
 * csv-routes.ts). Stock changes go through /api/admin/inventory/adjustments.
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from './actor.js';
import {
  createProductForAdmin,
  getProductForAdmin,
  listProductsForAdmin,
  updateProductForAdmin,
} from './admin-service.js';
import { catalogCsvRoutes } from './csv-routes.js';
import { ZAdminProduct, ZAdminProductSummary } from './responses.js';
import { ZCreateProduct, ZUpdateProduct } from './schemas.js';

const tags = ['Admin: catalog'];
const staff = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const ZIdParam = z.object({ id: z.string().max(100) });

export const ZAdminProductsQuery = z
  .object({
    status: z.enum(['draft', 'active', 'archived']).optional(),
    category: z.string().trim().min(1).max(100).optional(),
    q: z.string().max(200).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'A whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100, 'Between 1 and 100')
      .optional(),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const catalogAdminRoutes = createRouter()
  // CSV routes first: /products/export.csv must win over /products/{id}.
  .route('/', catalogCsvRoutes)
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/products',
      summary: 'List products (all statuses) with filters',
      request: { query: ZAdminProductsQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZAdminProductSummary), nextCursor: z.string().nullable() }),
          'A page of products',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const q = c.req.valid('query');
      const page = await listProductsForAdmin(c.get('deps').db, t.id, { ...q, limit: q.limit ?? 50 });
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'post',
      path: '/api/admin/products',
      summary: 'Create a product with its variants',
      request: { body: jsonBody(ZCreateProduct) },
      responses: {
        201: jsonContent(ZAdminProduct, 'Created'),
        ...errorResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      const product = await createProductForAdmin(c.get('deps').db, t.id, input, actorOf(c));
      return c.json(product, 201);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/products/{id}',
      summary: 'One product',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZAdminProduct, 'The product'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const product = await getProductForAdmin(c.get('deps').db, t.id, id);
      return c.json(product, 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'patch',
      path: '/api/admin/products/{id}',
      summary: 'Change a product (archive with status "archived")',
      request: { params: ZIdParam, body: jsonBody(ZUpdateProduct) },
      responses: {
        200: jsonContent(ZAdminProduct, 'The changed product'),
        ...errorResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const product = await updateProductForAdmin(c.get('deps').db, t.id, id, input, actorOf(c));
      return c.json(product, 200);
    },
  );
