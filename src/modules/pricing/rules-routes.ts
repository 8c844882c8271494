/** Admin API: price rules and promotions (CRUD). Reads: staff; writes: admin. */
import { createRoute } from '@hono/zod-openapi';
import { withTenant } from '../../lib/db/index.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  createPromotion,
  createRule,
  deletePromotion,
  deleteRule,
  listPromotions,
  listRules,
  updatePromotion,
  updateRule,
} from './rules.js';
import {
  ZCreatePromotion,
  ZCreateRule,
  ZPromotionOut,
  ZRule,
  ZUpdatePromotion,
  ZUpdateRule,
} from './schemas.js';

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
      return c.json({ items: await withTenant(c.get('deps').db, t.id, (trx) => listRules(trx, t.id)) }, 200);
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
      return c.json(await withTenant(c.get('deps').db, t.id, (trx) => createRule(trx, t.id, input)), 201);
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
      return c.json(await withTenant(c.get('deps').db, t.id, (trx) => updateRule(trx, t.id, id, input)), 200);
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
      await withTenant(c.get('deps').db, t.id, (trx) => deleteRule(trx, t.id, id));
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
      return c.json(
        { items: await withTenant(c.get('deps').db, t.id, (trx) => listPromotions(trx, t.id)) },
        200,
      );
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
      return c.json(
        await withTenant(c.get('deps').db, t.id, (trx) => createPromotion(trx, t.id, input)),
        201,
      );
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
      return c.json(
        await withTenant(c.get('deps').db, t.id, (trx) => updatePromotion(trx, t.id, id, input)),
        200,
      );
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
      await withTenant(c.get('deps').db, t.id, (trx) => deletePromotion(trx, t.id, id));
      return c.body(null, 204);
    },
  );
