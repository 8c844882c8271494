/**
 * Admin inventory API: manual stock adjustments (staff), a variant's level
 * and its ledger. Unknown or another store's variant → 404; a change that
 * would make stock negative or below what is reserved → 409
 * insufficient_stock with nothing written.
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { getInventoryLevel, listAdjustments, recordStockAdjustment } from './service.js';

const tags = ['Admin: inventory'];
const staff = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const ZIdParam = z.object({ id: z.string().max(100) });

/** Reasons a merchant may give; reservation, release, sale and initial are the system's. */
export const MANUAL_REASONS = ['restock', 'correction', 'return', 'damage', 'purchase_order'] as const;

export const ZAdjustment = z
  .object({
    variantId: z.uuid(),
    delta: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((n) => n !== 0, 'Must not be 0'),
    reason: z.enum(MANUAL_REASONS),
    note: z.string().max(500).optional(),
  })
  .strict()
  .openapi('InventoryAdjustment');

const ZLevel = z
  .object({
    variantId: z.string(),
    sku: z.string(),
    stock: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    lowStockThreshold: z.number().int(),
  })
  .openapi('InventoryLevel');

const ZLedgerEntry = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  reservedDelta: z.number().int(),
  reason: z.string(),
  note: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  reference: z.string().nullable(),
  stockAfter: z.number().int(),
  reservedAfter: z.number().int(),
  createdAt: z.string(),
});

const ZLedgerQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'A whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100, 'Between 1 and 100')
      .optional(),
    cursor: z.string().max(100).optional(),
  })
  .strict();

function decodeLedgerCursor(raw: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const m = /^l:(\d{1,15})$/.exec(text);
  if (!m) {
    throw new AppError('validation_failed', 'The request is not valid', {
      issues: [{ path: 'cursor', message: 'Malformed cursor' }],
    });
  }
  return Number(m[1]);
}

const level = (l: Awaited<ReturnType<typeof getInventoryLevel>>) => ({
  variantId: l.variantId,
  sku: l.sku,
  stock: l.stock,
  reserved: l.reserved,
  available: l.available,
  lowStockThreshold: l.lowStockThreshold,
});

export const inventoryAdminRoutes = createRouter()
  .openapi(
    createRoute({
      ...staff,
      method: 'post',
      path: '/api/admin/inventory/adjustments',
      summary: 'Adjust a variant’s stock (written to the ledger)',
      request: { body: jsonBody(ZAdjustment) },
      responses: {
        200: jsonContent(ZLevel, 'The new level'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      const p = c.get('principal');
      const result = await recordStockAdjustment(c.get('deps').db, t.id, {
        variantId: input.variantId,
        delta: input.delta,
        reason: input.reason,
        note: input.note ?? null,
        actor: p?.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'system' },
      });
      return c.json(level(result), 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/variants/{id}/inventory',
      summary: 'A variant’s stock, reserved and available',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZLevel, 'The level'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const l = await getInventoryLevel(c.get('deps').db, t.id, id);
      return c.json(level(l), 200);
    },
  )
  .openapi(
    createRoute({
      ...staff,
      method: 'get',
      path: '/api/admin/variants/{id}/adjustments',
      summary: 'A variant’s inventory ledger, newest first',
      request: { params: ZIdParam, query: ZLedgerQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZLedgerEntry), nextCursor: z.string().nullable() }),
          'Ledger',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const before = q.cursor ? decodeLedgerCursor(q.cursor) : undefined;
      const page = await listAdjustments(c.get('deps').db, t.id, id, { limit: q.limit ?? 50, before });
      const last = page.items[page.items.length - 1];
      return c.json(
        {
          items: page.items,
          nextCursor: page.hasMore && last ? Buffer.from(`l:${last.id}`).toString('base64url') : null,
        },
        200,
      );
    },
  );
