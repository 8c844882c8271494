/**
 * JSON API of closing a store (flow: store-closing.ts), owner only:
 *   GET  /api/admin/store/closing    the closing state (null when open)
 *   POST /api/admin/store/close      { confirm: <handle>, reason? } → closing, purge date
 *   POST /api/admin/store/reopen     reopen within the grace period
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../lib/errors.js';
import { requireStoreRole, storeOf } from '../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../lib/http/openapi.js';
import { closeStore, getStoreClosing, reopenStore, type StoreClosing } from './store-closing.js';

const tags = ['Store closing'];
const ZClose = z
  .object({
    confirm: z.string().max(100).openapi({ description: "The store's handle, typed again" }),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .openapi('CloseStore');
const ZClosing = z
  .object({
    closing: z
      .object({ requestedAt: z.string(), purgeAfter: z.string(), reason: z.string().nullable() })
      .nullable()
      .openapi({
        description: 'Null while the store is open; else when it closed and when its data is purged',
      }),
  })
  .openapi('StoreClosing');

type Ctx = Parameters<typeof storeOf>[0];
function ownerOf(c: Ctx): string {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a merchant');
  return p.userId;
}
const shape = (s: StoreClosing | null) => ({
  closing: s
    ? { requestedAt: s.requestedAt.toISOString(), purgeAfter: s.purgeAfter.toISOString(), reason: s.reason }
    : null,
});

export const storeClosingAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/store/closing',
      tags,
      summary: 'Whether the store is closing, and when its data is purged',
      security: BEARER,
      middleware: [requireStoreRole('owner')] as const,
      responses: { 200: jsonContent(ZClosing, 'The closing state'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(shape(await getStoreClosing(c.get('deps'), storeOf(c).id)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/store/close',
      tags,
      summary:
        'Close the store: storefront closed, subscription cancelled, data purged after the grace period (STORE_CLOSE_GRACE_DAYS)',
      security: BEARER,
      middleware: [requireStoreRole('owner')] as const,
      request: { body: jsonBody(ZClose) },
      responses: { 200: jsonContent(ZClosing, 'Closing'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const r = await closeStore(
        c.get('deps'),
        storeOf(c).id,
        { kind: 'owner', userId: ownerOf(c) },
        c.req.valid('json'),
      );
      return c.json(shape(r), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/store/reopen',
      tags,
      summary: 'Reopen a closing store within its grace period, with all of its data',
      security: BEARER,
      middleware: [requireStoreRole('owner')] as const,
      responses: { 200: jsonContent(ZClosing, 'Open again'), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      await reopenStore(c.get('deps'), storeOf(c).id, { kind: 'owner', userId: ownerOf(c) });
      return c.json(shape(null), 200);
    },
  );
