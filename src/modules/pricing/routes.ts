/** Admin API: pricing preview, apply, settings and per-variant price history. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { formatMoney } from '../../lib/money.js';
import { actorOf } from '../catalog/actor.js';
import type { PriceReason } from './engine-types.js';
import { reasonEffect } from './reason-text.js';
import { ZProposal, ZReason, ZSettings, ZUpdateSettings } from './schemas.js';
import {
  applyOpenProposals,
  getPricingSettings,
  listVariantPriceHistory,
  previewStorePrices,
  updatePricingSettings,
} from './service.js';

const tags = ['Admin: pricing'];

const ZHistory = z.object({
  id: z.number().int(),
  runKey: z.string(),
  oldPrice: z.number().int(),
  newPrice: z.number().int(),
  listPrice: z.number().int(),
  rule: z.string(),
  reasons: z.array(ZReason),
  status: z.enum(['applied', 'proposed', 'superseded']),
  /** Who changed the price: a pricing run, a promotion, the product editor or the CSV import. */
  source: z.enum(['pricing_run', 'promotion', 'manual', 'import']),
  createdAt: z.string(),
});

export const pricingAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/pricing/preview',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZProposal) }),
          'Price changes the rules would make now, with reasons',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const deps = c.get('deps');
      const items = await previewStorePrices(deps.db, t.id, deps.now());
      return c.json({ items: items.map((p) => withReadableReasons(p, t.currency)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/pricing/apply',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: {
        body: jsonBody(z.object({ variantIds: z.array(z.string()).max(10_000).optional() }).strict()),
      },
      responses: {
        200: jsonContent(z.object({ applied: z.number().int() }), 'Open proposals applied'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { variantIds } = c.req.valid('json');
      const applied = await applyOpenProposals(c.get('deps').db, t.id, variantIds, actorOf(c));
      return c.json({ applied }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/pricing/settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: { 200: jsonContent(ZSettings, 'Pricing settings'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json(await getPricingSettings(c.get('deps').db, t.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/pricing/settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZUpdateSettings) },
      responses: { 200: jsonContent(ZSettings, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      return c.json(await updatePricingSettings(c.get('deps').db, t.id, input, actorOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/pricing/variants/{id}/history',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZHistory) }), 'Price history, newest first'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const items = (await listVariantPriceHistory(c.get('deps').db, t.id, id)) as z.infer<typeof ZHistory>[];
      return c.json({ items: items.map((h) => withReadableReasons(h, t.currency)) }, 200);
    },
  );

/**
 * API clients get each reason's `effect` as a merchant reads it, its money written in the
 * store currency ("cost $10.00 + 60% markup"), as before amounts were kept apart; `amounts`
 * stays alongside for clients that format money themselves.
 */
function withReadableReasons<T extends { reasons: Pick<PriceReason, 'effect' | 'amounts'>[] }>(
  item: T,
  currency: string,
): T {
  const money = (minor: number) => formatMoney(minor, currency);
  return { ...item, reasons: item.reasons.map((r) => ({ ...r, effect: reasonEffect(r, money) })) };
}
