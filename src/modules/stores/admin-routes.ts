/**
 * Admin API for the store's presentation: settings (name, time zone, theme,
 * navigation, SEO, home) and content pages. Reading = staff; changing =
 * admin (it changes what every shopper sees). Caches are dropped after
 * commit so the storefront shows a change at once.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  createStorePage,
  deleteStorePage,
  getStorePage,
  getStoreSettingsView,
  listStorePages,
  updateStorePage,
  updateStoreSettings,
} from './admin-service.js';
import {
  ZCreateStorePage,
  ZStorePage,
  ZStoreSettings,
  ZUpdateStorePage,
  ZUpdateStoreSettings,
} from './schemas.js';

const tags = ['Admin: store'];
const staff = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const admin = { middleware: [requireStoreRole('admin')], security: BEARER, tags };
const ZIdParam = z.object({ id: z.string().max(100) });

function pageId(id: string): string {
  if (!isUuid(id)) throw notFound('Page');
  return id;
}

/** Who makes the change, for the store's audit log. */
const who = (c: Context<AppEnv>) => {
  const p = c.get('principal');
  return { type: 'user' as const, id: p?.kind === 'user' ? p.userId : null };
};

export const storesAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/store/settings',
      ...staff,
      responses: { 200: jsonContent(ZStoreSettings, 'The store settings'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json(await getStoreSettingsView(c.get('deps').db, t.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/store/settings',
      ...admin,
      request: { body: jsonBody(ZUpdateStoreSettings) },
      responses: { 200: jsonContent(ZStoreSettings, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const view = await updateStoreSettings(c.get('deps').db, t, c.req.valid('json'), who(c));
      return c.json(view, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/store/pages',
      ...staff,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZStorePage) }), 'Content pages'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const items = await listStorePages(c.get('deps').db, t.id);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/store/pages',
      ...admin,
      request: { body: jsonBody(ZCreateStorePage) },
      responses: { 201: jsonContent(ZStorePage, 'Created'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const page = await createStorePage(c.get('deps').db, t.id, c.req.valid('json'), who(c));
      return c.json(page, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/store/pages/{id}',
      ...staff,
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZStorePage, 'The page'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const id = pageId(c.req.valid('param').id);
      return c.json(await getStorePage(c.get('deps').db, t.id, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/store/pages/{id}',
      ...admin,
      request: { params: ZIdParam, body: jsonBody(ZUpdateStorePage) },
      responses: { 200: jsonContent(ZStorePage, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const id = pageId(c.req.valid('param').id);
      const page = await updateStorePage(c.get('deps').db, t.id, id, c.req.valid('json'), who(c));
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/store/pages/{id}',
      ...admin,
      request: { params: ZIdParam },
      responses: {
        200: jsonContent(z.object({ deleted: z.literal(true) }), 'Deleted'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const id = pageId(c.req.valid('param').id);
      await deleteStorePage(c.get('deps').db, t.id, id, who(c));
      return c.json({ deleted: true as const }, 200);
    },
  );
