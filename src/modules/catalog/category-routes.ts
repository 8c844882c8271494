/**
 * Admin API for categories (nested through `parentHandle`). Roles: read and
 * create/change = staff; delete = admin (it detaches products).
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  createCategoryForAdmin,
  deleteCategoryForAdmin,
  getCategoryForAdmin,
  listCategoriesForAdmin,
  updateCategoryForAdmin,
} from './admin-service.js';
import { ZAdminCategory } from './responses.js';
import { ZCreateCategory, ZUpdateCategory } from './schemas.js';

const tags = ['Admin: catalog'];
const staff = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const admin = { middleware: [requireStoreRole('admin')], security: BEARER, tags };
const ZIdParam = z.object({ id: z.string().max(100) });

export const categoryAdminRoutes = createRouter()
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/categories',
      summary: 'All categories (flat, with parentId) and the same as a tree',
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZAdminCategory), tree: z.array(z.unknown()) }),
          'Categories',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const out = await listCategoriesForAdmin(c.get('deps').db, t.id);
      return c.json(out, 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'post',
      path: '/api/admin/categories',
      summary: 'Create a category',
      request: { body: jsonBody(ZCreateCategory) },
      responses: { 201: jsonContent(ZAdminCategory, 'Created'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      const cat = await createCategoryForAdmin(c.get('deps').db, t.id, input);
      return c.json(cat, 201);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/categories/{id}',
      summary: 'One category',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZAdminCategory, 'The category'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const cat = await getCategoryForAdmin(c.get('deps').db, t.id, id);
      return c.json(cat, 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'patch',
      path: '/api/admin/categories/{id}',
      summary: 'Change a category (rename, move, reorder)',
      request: { params: ZIdParam, body: jsonBody(ZUpdateCategory) },
      responses: { 200: jsonContent(ZAdminCategory, 'Changed'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const cat = await updateCategoryForAdmin(c.get('deps').db, t.id, id, input);
      return c.json(cat, 200);
    },
  )
  .openapi(
    createRoute({
      ...admin,
      method: 'delete',
      path: '/api/admin/categories/{id}',
      summary: 'Delete a category (children move up to the top level, products lose the category)',
      request: { params: ZIdParam },
      responses: {
        200: jsonContent(z.object({ deleted: z.literal(true) }), 'Deleted'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await deleteCategoryForAdmin(c.get('deps').db, t.id, id);
      return c.json({ deleted: true as const }, 200);
    },
  );
