/** Settlement API (admin): payouts with gross, fees, refunds and net; CSV export. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { getSettlement, settlementCsv } from './service.js';

const tags = ['Admin: settlement'];
const ZAmounts = {
  gross: z.number().int(),
  stripeFees: z.number().int(),
  platformFees: z.number().int(),
  refunds: z.number().int(),
  adjustments: z.number().int(),
  net: z.number().int(),
};
const ZSettlement = z
  .object({
    currency: z.string(),
    totals: z.object({ ...ZAmounts, count: z.number().int(), amount: z.number().int() }),
    payouts: z.array(
      z.object({
        id: z.string(),
        arrivalDate: z.string(),
        status: z.string(),
        currency: z.string(),
        amount: z.number().int(),
        ...ZAmounts,
        transactionCount: z.number().int(),
      }),
    ),
  })
  .openapi('Settlement');

export const settlementAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/settlement',
      middleware: [requireStoreRole('admin')],
      security: BEARER,
      tags,
      responses: {
        200: jsonContent(ZSettlement, 'Payouts and totals (minor units)'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json(await getSettlement(c.get('deps'), t.id, t.currency), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/settlement/export',
      middleware: [requireStoreRole('admin')],
      security: BEARER,
      tags,
      responses: {
        200: { description: 'CSV, one line per payout', content: { 'text/csv': { schema: z.string() } } },
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const csv = settlementCsv(await getSettlement(c.get('deps'), t.id, t.currency));
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="settlement-${t.handle}.csv"`,
      });
    },
  );
