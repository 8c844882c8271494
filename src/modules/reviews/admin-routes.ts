/** Admin API for reviews: the moderation list, publish, reject, reply. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { listReviewsForModeration, moderateReview, replyToReview } from './moderation.js';
import { ZAdminReview, ZAdminReviewsQuery, ZReply } from './schemas.js';

const tags = ['Admin: reviews'];
const ZId = z.object({ id: z.string().max(100) });
const ZModerated = z.object({ id: z.string(), status: z.enum(['pending', 'published', 'rejected']) });

function moderationRoute(action: 'publish' | 'reject') {
  return createRoute({
    method: 'post',
    path: `/api/admin/reviews/{id}/${action}`,
    tags,
    summary: action === 'publish' ? 'Publish a review' : 'Reject a review (never shown)',
    security: BEARER,
    middleware: [requireStoreRole('staff')] as const,
    request: { params: ZId },
    responses: { 200: jsonContent(ZModerated, 'Moderated'), ...errorResponses(401, 403, 404) },
  });
}

export const reviewsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/reviews',
      tags,
      summary: 'Reviews by status, newest first',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { query: ZAdminReviewsQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZAdminReview), nextCursor: z.string().nullable() }),
          'Reviews',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await listReviewsForModeration(c.get('deps').db, storeOf(c).id, c.req.valid('query')), 200),
  )
  .openapi(moderationRoute('publish'), async (c) =>
    c.json(await moderateReview(c.get('deps').db, storeOf(c).id, c.req.valid('param').id, 'publish'), 200),
  )
  .openapi(moderationRoute('reject'), async (c) =>
    c.json(await moderateReview(c.get('deps').db, storeOf(c).id, c.req.valid('param').id, 'reject'), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/reviews/{id}/reply',
      tags,
      summary: "The merchant's public reply under a review",
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId, body: jsonBody(ZReply) },
      responses: {
        200: jsonContent(
          z.object({
            id: z.string(),
            reply: z.object({ body: z.string(), createdAt: z.string() }).nullable(),
          }),
          'Replied',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await replyToReview(c.get('deps').db, storeOf(c).id, c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );
