/**
 * Admin API: import past sales for restock planning (issue #16).
 * `POST /api/admin/restock/sales-history` with a `text/csv` body, or
 * `multipart/form-data` with the CSV in the `file` field. Formats: see
 * ./forecast/sales-csv.ts. All or nothing; 400 lists the bad lines.
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { importSalesHistory, MAX_IMPORT_BYTES } from './sales-history.js';

const ZImportSummary = z
  .object({
    format: z.enum(['order-lines', 'sku-date-quantity']),
    lines: z.number().int(),
    skus: z.number().int(),
    days: z.number().int(),
    units: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  })
  .openapi('SalesHistoryImport');

async function readCsv(req: {
  header(name: string): string | undefined;
  text(): Promise<string>;
  parseBody(): Promise<Record<string, unknown>>;
}): Promise<string> {
  const length = Number(req.header('content-length') ?? 0);
  if (length > MAX_IMPORT_BYTES) throw new AppError('payload_too_large', 'The file is larger than 20 MB');
  const type = req.header('content-type') ?? '';
  let text: string;
  if (type.startsWith('multipart/form-data')) {
    const file = (await req.parseBody()).file;
    if (typeof file === 'string') text = file;
    else if (file instanceof File) text = await file.text();
    else
      throw new AppError('validation_failed', 'The form has no `file` field', {
        issues: [{ path: 'file', message: 'required' }],
      });
  } else text = await req.text();
  if (text.length > MAX_IMPORT_BYTES)
    throw new AppError('payload_too_large', 'The file is larger than 20 MB');
  return text;
}

export const restockSalesHistoryRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/admin/restock/sales-history',
    tags: ['Admin: restock'],
    summary: 'Import past sales (CSV: order-lines columns or sku,date,quantity) for restock planning',
    security: BEARER,
    middleware: [requireStoreRole('admin')] as const,
    responses: {
      201: jsonContent(ZImportSummary, 'Imported (all rows)'),
      ...errorResponses(400, 401, 403, 404, 413),
    },
  }),
  async (c) => {
    const t = storeOf(c);
    const csv = await readCsv(c.req);
    return c.json(await importSalesHistory(c.get('deps').db, t.id, csv), 201);
  },
);
