/**
 * CSV export (staff) and import (admin: a bulk write) of the catalog. Formats
 * and rules are in csv-format.ts, csv-export.ts and csv-import.ts. Mounted ahead of /api/admin/products/{id} so that
 * "export.csv" is never read as a product id.
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from './actor.js';
import { exportProductsCsvForAdmin, importProductsCsvForAdmin } from './admin-service.js';

const tags = ['Admin: catalog'];

export const catalogCsvRoutes = createRouter()
  .openapi(
    createRoute({
      middleware: [requireStoreRole('staff')],
      security: BEARER,
      tags,
      method: 'get',
      path: '/api/admin/products/export.csv',
      summary: 'Export the catalog as CSV (one row per variant)',
      request: {
        query: z.object({ status: z.enum(['draft', 'active', 'archived']).optional() }).strict(),
      },
      responses: {
        200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const { status } = c.req.valid('query');
      const csv = await exportProductsCsvForAdmin(c.get('deps').db, t.id, status);
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${t.handle}-products.csv"`);
      c.header('cache-control', 'no-store');
      return c.body(csv, 200);
    },
  )
  .openapi(
    createRoute({
      middleware: [requireStoreRole('admin')],
      security: BEARER,
      tags,
      method: 'post',
      path: '/api/admin/products/import',
      summary: 'Import products from CSV (text/csv body); all-or-nothing, bad rows reported by line',
      request: {
        body: { required: true, content: { 'text/csv': { schema: z.string() } } },
      },
      responses: {
        200: jsonContent(
          z.object({ imported: z.object({ products: z.number().int(), variants: z.number().int() }) }),
          'Imported',
        ),
        ...errorResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'text/csv' && type !== 'text/plain') {
        throw new AppError('unsupported_media_type', 'Send the file as text/csv');
      }
      const text = await c.req.text();
      const t = storeOf(c);
      const imported = await importProductsCsvForAdmin(c.get('deps').db, t.id, text, actorOf(c));
      return c.json({ imported }, 200);
    },
  );
