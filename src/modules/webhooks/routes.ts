/** Admin API: merchant webhook endpoints (CRUD). The signing secret is shown on creation only. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  WEBHOOK_EVENTS,
} from './service.js';
import { assertWebhookTargetAllowed } from './target.js';

const tags = ['Admin: webhooks'];
const ZUrl = z.url({ protocol: /^https?$/ }).max(2000);
const ZEvents = z.array(z.enum(WEBHOOK_EVENTS)).max(10);
const ZEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const ZId = z.object({ id: z.string() });

export const webhooksAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/webhooks',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZEndpoint) }), 'Webhook endpoints'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const items = await listWebhookEndpoints(c.get('deps').db, t.id);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/webhooks',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: {
        body: jsonBody(
          z.object({ url: ZUrl, events: ZEvents.default([]), active: z.boolean().optional() }).strict(),
        ),
      },
      responses: {
        201: jsonContent(
          ZEndpoint.extend({ secret: z.string() }),
          'Created; keep the secret to verify signatures',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      await assertWebhookTargetAllowed(c.get('deps').config, input.url);
      const ep = await createWebhookEndpoint(c.get('deps').db, t.id, input);
      return c.json(ep, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/webhooks/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: {
        params: ZId,
        body: jsonBody(
          z
            .object({ url: ZUrl.optional(), events: ZEvents.optional(), active: z.boolean().optional() })
            .strict(),
        ),
      },
      responses: { 200: jsonContent(ZEndpoint, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      if (input.url) await assertWebhookTargetAllowed(c.get('deps').config, input.url);
      const ep = await updateWebhookEndpoint(c.get('deps').db, t.id, id, input);
      return c.json(ep, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/webhooks/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await deleteWebhookEndpoint(c.get('deps').db, t.id, id);
      return c.body(null, 204);
    },
  );
