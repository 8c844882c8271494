/** Admin API: price rules and promotions (CRUD). Reads: staff; writes: admin. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import {
  ZCreatePromotion,
  ZCreateRule,
  ZPromotionOut,
  ZRule,
  ZUpdatePromotion,
  ZUpdateRule,
} from './schemas.js';
import {
  createPriceRule,
  createStorePromotion,
  deletePriceRule,
  deleteStorePromotion,
  listPriceRules,
  listStorePromotions,
  updatePriceRule,
  updateStorePromotion,
} from './service.js';

const tags = ['Admin: pricing'];
const ZId = z.object({ id: z.string() });

export const pricingRulesRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/pricing/rules',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZRule) }), 'Price rules'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await listPriceRules(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/pricing/rules',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZCreateRule) },
      responses: { 201: jsonContent(ZRule, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      return c.json(await createPriceRule(c.get('deps').db, t.id, input, actorOf(c)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/pricing/rules/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZUpdateRule) },
      responses: { 200: jsonContent(ZRule, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await updatePriceRule(c.get('deps').db, t.id, id, input, actorOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/pricing/rules/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await deletePriceRule(c.get('deps').db, t.id, id, actorOf(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/pricing/promotions',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZPromotionOut) }), 'Promotions'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await listStorePromotions(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/pricing/promotions',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZCreatePromotion) },
      responses: { 201: jsonContent(ZPromotionOut, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      return c.json(await createStorePromotion(c.get('deps').db, t.id, input, actorOf(c)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/pricing/promotions/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZUpdatePromotion) },
      responses: { 200: jsonContent(ZPromotionOut, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await updateStorePromotion(c.get('deps').db, t.id, id, input, actorOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/pricing/promotions/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await deleteStorePromotion(c.get('deps').db, t.id, id, actorOf(c));
      return c.body(null, 204);
    },
  );
