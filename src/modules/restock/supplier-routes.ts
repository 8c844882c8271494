/** Admin API: suppliers (CRUD) and variant ↔ supplier links. Reads: staff; writes: admin. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import { ZLinkInput, ZSupplier, ZSupplierInput, ZSupplierPatch } from './schemas.js';
import {
  createStoreSupplier,
  deleteStoreSupplier,
  linkStoreVariantSupplier,
  listStoreSuppliers,
  updateStoreSupplier,
} from './service.js';

const tags = ['Admin: restock'];
const ZId = z.object({ id: z.string() });

export const restockSupplierRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/restock/suppliers',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZSupplier) }), 'Suppliers'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await listStoreSuppliers(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/restock/suppliers',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZSupplierInput) },
      responses: { 201: jsonContent(ZSupplier, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      return c.json(await createStoreSupplier(c.get('deps').db, t.id, input, actorOf(c)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/restock/suppliers/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZSupplierPatch) },
      responses: { 200: jsonContent(ZSupplier, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await updateStoreSupplier(c.get('deps').db, t.id, id, input, actorOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/restock/suppliers/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await deleteStoreSupplier(c.get('deps').db, t.id, id, actorOf(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/restock/variants/{id}/supplier',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZLinkInput) },
      responses: {
        200: jsonContent(
          z.object({ variantId: z.string(), supplierId: z.string(), unitCost: z.number().int() }),
          'The variant’s preferred supplier',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await linkStoreVariantSupplier(c.get('deps').db, t.id, id, input, actorOf(c)), 200);
    },
  );
