/**
 * Admin API: promotion rules (CRUD), their proposals (list, approve with
 * edits, reject, propose now), live and past promotions with results, and
 * the store's promotion settings. Reads: staff; writes: admin.
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import {
  BEARER,
  createRouter,
  crudRoutes,
  errorResponses,
  jsonBody,
  jsonContent,
  z,
} from '../../lib/http/openapi.js';
import type { StoreActor } from '../audit/service.js';
import { actorOf } from '../catalog/actor.js';
import { approveProposal, listOffers, listProposals, rejectProposal } from './offers.js';
import { runProposalsJob } from './propose.js';
import {
  ZApproveProposal,
  ZCreatePromotionRule,
  ZOffer,
  ZPromotionRule,
  ZPromotionSettings,
  ZProposal,
  ZUpdatePromotionRule,
  ZUpdatePromotionSettings,
} from './schemas.js';
import {
  createPromotionRule,
  deletePromotionRule,
  getPromotionRule,
  getPromotionSettings,
  listPromotionRules,
  updatePromotionRule,
  updatePromotionSettings,
} from './service.js';

const tags = ['Admin: promotion rules'];
const ZId = z.object({ id: z.string() });
const RULES = '/api/admin/promotion-rules';
const PROPOSALS = '/api/admin/promotion-proposals';

/** The audit actor of an admin request. */
export function storeActorOf(c: Parameters<typeof actorOf>[0]): StoreActor {
  const a = actorOf(c);
  return { type: a.type === 'user' ? 'user' : 'system', id: a.id ?? null };
}

const access = { read: requireStoreRole('staff'), write: requireStoreRole('admin') };

const ruleRoutes = crudRoutes(createRouter(), {
  ...access,
  path: RULES,
  tags,
  plural: 'Promotion rules',
  item: ZPromotionRule,
  create: ZCreatePromotionRule,
  update: ZUpdatePromotionRule,
  list: (c) => listPromotionRules(c.get('deps').db, storeOf(c).id),
  get: (c, id) => getPromotionRule(c.get('deps').db, storeOf(c).id, id),
  add: (c, input) =>
    createPromotionRule(c.get('deps').db, storeOf(c).id, input, c.get('deps').now(), storeActorOf(c)),
  change: (c, id, input) =>
    updatePromotionRule(c.get('deps').db, storeOf(c).id, id, input, c.get('deps').now(), storeActorOf(c)),
  remove: (c, id) => deletePromotionRule(c.get('deps').db, storeOf(c).id, id, storeActorOf(c)),
});

export const promotionRulesRoutes = ruleRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: PROPOSALS,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: {
        query: z.object({ status: z.enum(['open', 'approved', 'rejected', 'superseded']).optional() }),
      },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZProposal) }), 'Proposals'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ items: await listProposals(c.get('deps').db, storeOf(c).id, status ?? 'open') }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${PROPOSALS}/run`,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      responses: {
        200: jsonContent(
          z.object({ proposed: z.number(), autoApplied: z.number(), ended: z.number() }),
          'Proposed now',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const now = deps.now();
      const r = await runProposalsJob(deps.db, storeOf(c).id, `manual:${now.toISOString()}`, now);
      return c.json({ proposed: r.proposed, autoApplied: r.autoApplied, ended: r.ended }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${PROPOSALS}/{id}/approve`,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZApproveProposal) },
      responses: {
        200: jsonContent(ZOffer, 'The live promotion'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      return c.json(
        await approveProposal(deps.db, storeOf(c).id, id, c.req.valid('json'), deps.now(), storeActorOf(c)),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${PROPOSALS}/{id}/reject`,
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: { 204: { description: 'Rejected' }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const deps = c.get('deps');
      await rejectProposal(deps.db, storeOf(c).id, c.req.valid('param').id, deps.now(), storeActorOf(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/promotion-offers',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { query: z.object({ status: z.enum(['active', 'ended']).optional() }) },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZOffer) }), 'Promotions and their results'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ items: await listOffers(c.get('deps').db, storeOf(c).id, status ?? null) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/promotion-settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: { 200: jsonContent(ZPromotionSettings, 'Settings'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getPromotionSettings(c.get('deps').db, storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/promotion-settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZUpdatePromotionSettings) },
      responses: { 200: jsonContent(ZPromotionSettings, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(
        await updatePromotionSettings(
          deps.db,
          storeOf(c).id,
          c.req.valid('json'),
          deps.now(),
          storeActorOf(c),
        ),
        200,
      );
    },
  );
