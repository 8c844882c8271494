/**
 * Admin API: merchant webhook endpoints (CRUD), secret rotation, the delivery
 * log and redelivery. The signing secret is shown on creation and rotation only.
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  WEBHOOK_EVENTS,
} from './service.js';
import { assertWebhookTargetAllowed } from './target.js';

const tags = ['Admin: webhooks'];
const ZUrl = z.url({ protocol: /^https?$/ }).max(2000);
const ZEvents = z.array(z.enum(WEBHOOK_EVENTS)).max(WEBHOOK_EVENTS.length);
const ZEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    consecutiveFailures: z.number().int(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const ZId = z.object({ id: z.string() });
const ZDelivery = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    topic: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

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
      const ep = await createWebhookEndpoint(c.get('deps').db, t.id, input, actorOf(c));
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
      const ep = await updateWebhookEndpoint(c.get('deps').db, t.id, id, input, actorOf(c));
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
      await deleteWebhookEndpoint(c.get('deps').db, t.id, id, actorOf(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/webhooks/{id}/rotate-secret',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: {
        200: jsonContent(ZEndpoint.extend({ secret: z.string() }), 'The new secret (shown once)'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const ep = await rotateWebhookSecret(
        c.get('deps').db,
        storeOf(c).id,
        c.req.valid('param').id,
        actorOf(c),
      );
      return c.json(ep, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/webhooks/{id}/deliveries',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZDelivery) }), 'The newest deliveries, newest first'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const items = await listWebhookDeliveries(c.get('deps').db, storeOf(c).id, c.req.valid('param').id);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: z.object({ id: z.string(), deliveryId: z.coerce.number().int().positive() }) },
      responses: {
        202: { description: 'Queued for delivery now' },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const deps = c.get('deps');
      await redeliverWebhook(deps.db, storeOf(c).id, id, deliveryId, { actor: actorOf(c), now: deps.now() });
      return c.body(null, 202);
    },
  );
