/**
 * JSON API of a shopper's data export and erasure (flow: shopper-privacy.ts):
 *   GET  /api/store/account/data             the signed-in shopper's data
 *   POST /api/store/account/erase            erase it ({ confirm: true })
 *   GET  /api/admin/customers/{id}/data      a customer's data (staff+)
 *   POST /api/admin/customers/{id}/erase     erase it for them (admin+, { confirm: true })
 */
import { createRoute } from '@hono/zod-openapi';
import { customerIdOf, requireCustomer, requireStoreRole, storeOf } from '../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../lib/http/openapi.js';
import { eraseShopperData, exportShopperData } from './shopper-privacy.js';

const tags = ['Privacy'];
const ZConfirm = z
  .object({ confirm: z.literal(true, 'Send confirm: true to erase') })
  .strict()
  .openapi('EraseConfirm');
const ZExport = z.record(z.string(), z.unknown()).openapi('ShopperDataExport');
const ZErased = z
  .object({
    erased: z.boolean(),
    orders: z.number().int(),
    tickets: z.number().int(),
    reviews: z.number().int(),
  })
  .openapi('ErasureResult');
const ZId = z.object({ id: z.string().max(100) });

type Ctx = Parameters<typeof storeOf>[0];
function staffOf(c: Ctx): string | null {
  const p = c.get('principal');
  return p?.kind === 'user' ? p.userId : null;
}

export const shopperPrivacyRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/account/data',
      tags,
      summary: "The signed-in shopper's data: profile, addresses, orders, reviews, tickets",
      security: BEARER,
      middleware: [requireCustomer()] as const,
      responses: { 200: jsonContent(ZExport, 'The data'), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await exportShopperData(c.get('deps').db, storeOf(c), customerIdOf(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/account/erase',
      tags,
      summary:
        "Erase the signed-in shopper's personal data (orders kept, anonymised); signs them out everywhere",
      security: BEARER,
      middleware: [requireCustomer()] as const,
      request: { body: jsonBody(ZConfirm) },
      responses: { 200: jsonContent(ZErased, 'Erased'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const id = customerIdOf(c);
      return c.json(await eraseShopperData(c.get('deps'), storeOf(c), id, { type: 'customer', id }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/customers/{id}/data',
      tags,
      summary: "A customer's data, as they would download it",
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId },
      responses: { 200: jsonContent(ZExport, 'The data'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await exportShopperData(c.get('deps').db, storeOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/customers/{id}/erase',
      tags,
      summary: "Erase a customer's personal data for them (orders kept, anonymised)",
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZConfirm) },
      responses: { 200: jsonContent(ZErased, 'Erased'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await eraseShopperData(c.get('deps'), storeOf(c), c.req.valid('param').id, {
          type: 'user',
          id: staffOf(c),
        }),
        200,
      ),
  );
