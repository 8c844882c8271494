/** Admin API for returns: list, one, approve, reject, receive (restock?), refund. */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  decideReturn,
  getReturnForAdmin,
  listReturnsForAdmin,
  receiveReturn,
  refundReturn,
} from './processing.js';
import { ZMessage, ZReceive, ZRefund, ZReturn, ZReturnStatus } from './schemas.js';

const tags = ['Admin: returns'];
const ZId = z.object({ id: z.string().max(100) });
type Ctx = Parameters<typeof storeOf>[0];

function actorOf(c: Ctx): { type: 'user'; id: string } {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in');
  return { type: 'user', id: p.userId };
}

function stepRoute(
  action: 'approve' | 'reject' | 'receive' | 'refund',
  body: z.ZodType,
  minRole: 'staff' | 'admin',
) {
  return createRoute({
    method: 'post',
    path: `/api/admin/returns/{id}/${action}`,
    tags,
    security: BEARER,
    middleware: [requireStoreRole(minRole)] as const,
    request: { params: ZId, body: jsonBody(body) },
    responses: { 200: jsonContent(ZReturn, 'Done'), ...errorResponses(400, 401, 403, 404, 409) },
  });
}

export const returnsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/returns',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: {
        query: z.object({ status: ZReturnStatus.optional(), cursor: z.string().max(20).optional() }).strict(),
      },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZReturn), nextCursor: z.string().nullable() }),
          'Returns, newest first',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await listReturnsForAdmin(c.get('deps'), storeOf(c).id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/returns/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId },
      responses: { 200: jsonContent(ZReturn, 'The return'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getReturnForAdmin(c.get('deps'), storeOf(c).id, c.req.valid('param').id), 200),
  )
  .openapi(stepRoute('approve', ZMessage, 'staff'), async (c) => {
    const b = c.req.valid('json') as z.infer<typeof ZMessage>;
    const out = await decideReturn(c.get('deps'), storeOf(c).id, c.req.valid('param').id, {
      decision: 'approve',
      message: b.message,
      actor: actorOf(c),
    });
    return c.json(out, 200);
  })
  .openapi(stepRoute('reject', ZMessage, 'staff'), async (c) => {
    const b = c.req.valid('json') as z.infer<typeof ZMessage>;
    const out = await decideReturn(c.get('deps'), storeOf(c).id, c.req.valid('param').id, {
      decision: 'reject',
      message: b.message,
      actor: actorOf(c),
    });
    return c.json(out, 200);
  })
  .openapi(stepRoute('receive', ZReceive, 'staff'), async (c) => {
    const b = c.req.valid('json') as z.infer<typeof ZReceive>;
    const out = await receiveReturn(c.get('deps'), storeOf(c).id, c.req.valid('param').id, {
      restock: b.restock,
      actor: actorOf(c),
    });
    return c.json(out, 200);
  })
  .openapi(stepRoute('refund', ZRefund, 'admin'), async (c) => {
    const b = c.req.valid('json') as z.infer<typeof ZRefund>;
    const out = await refundReturn(c.get('deps'), storeOf(c).id, c.req.valid('param').id, {
      amount: b.amount,
      actor: actorOf(c),
    });
    return c.json(out, 200);
  });
