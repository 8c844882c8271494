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
  );

type Actor = ReturnType<typeof actorOf>;
type Deps = Parameters<typeof decideReturn>[0];

/** One step of a return's life (approve, reject, receive, refund): its body, who may take it, what it does. */
function step<S extends z.ZodType>(
  action: 'approve' | 'reject' | 'receive' | 'refund',
  body: S,
  minRole: 'staff' | 'admin',
  run: (
    deps: Deps,
    tenantId: string,
    id: string,
    b: z.infer<S>,
    actor: Actor,
  ) => Promise<z.infer<typeof ZReturn>>,
): void {
  returnsAdminRoutes.openapi(stepRoute(action, body, minRole), async (c) => {
    const b = c.req.valid('json') as z.infer<S>;
    return c.json(await run(c.get('deps'), storeOf(c).id, c.req.valid('param').id, b, actorOf(c)), 200);
  });
}

step('approve', ZMessage, 'staff', (deps, t, id, b, actor) =>
  decideReturn(deps, t, id, { decision: 'approve', message: b.message, actor }),
);
step('reject', ZMessage, 'staff', (deps, t, id, b, actor) =>
  decideReturn(deps, t, id, { decision: 'reject', message: b.message, actor }),
);
step('receive', ZReceive, 'staff', (deps, t, id, b, actor) =>
  receiveReturn(deps, t, id, { restock: b.restock, actor }),
);
step('refund', ZRefund, 'admin', (deps, t, id, b, actor) =>
  refundReturn(deps, t, id, { amount: b.amount, actor }),
);
