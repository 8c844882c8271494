/**
 * Store API for reviews: a product's published reviews with their summary
 * (anyone), posting one (shopper token) and a helpful vote (shopper token).
 */
import { createRoute } from '@hono/zod-openapi';
import { clientIp } from '../../lib/http/client-ip.js';
import { customerIdOf, requireCustomer, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { getStoreProduct } from '../catalog/store-service.js';
import { ZPostReview, ZReviewPage, ZReviewsQuery } from './schemas.js';
import { listProductReviews, postReview, voteHelpful } from './service.js';

const tags = ['Store: reviews'];
const ZProductParam = z.object({ idOrHandle: z.string().min(1).max(200) });

export const reviewsStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/products/{idOrHandle}/reviews',
      tags,
      summary: "A product's published reviews, with average, count and histogram",
      request: { params: ZProductParam, query: ZReviewsQuery },
      responses: { 200: jsonContent(ZReviewPage, 'Reviews, 10 a page'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const product = await getStoreProduct(c.get('deps').db, t, c.req.valid('param').idOrHandle);
      const q = c.req.valid('query');
      const page = await listProductReviews(c.get('deps').db, t.id, product.id, q);
      return c.json({ summary: page.summary, items: page.items, nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/products/{idOrHandle}/reviews',
      tags,
      summary: 'Review a product (once per shopper)',
      security: BEARER,
      middleware: [requireCustomer()] as const,
      request: { params: ZProductParam, body: jsonBody(ZPostReview) },
      responses: {
        201: jsonContent(
          z.object({ id: z.string(), status: z.enum(['pending', 'published']) }),
          'Posted; pending while held for moderation',
        ),
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const customerId = customerIdOf(c);
      const product = await getStoreProduct(c.get('deps').db, t, c.req.valid('param').idOrHandle);
      const out = await postReview(c.get('deps'), t.id, {
        customerId,
        productId: product.id,
        ip: clientIp(c) ?? 'unknown',
        review: c.req.valid('json'),
      });
      return c.json(out, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/reviews/{id}/helpful',
      tags,
      summary: 'Mark a review helpful (one vote per shopper)',
      security: BEARER,
      middleware: [requireCustomer()] as const,
      request: { params: z.object({ id: z.string().max(100) }) },
      responses: {
        200: jsonContent(z.object({ counted: z.boolean() }), 'Counted, or already counted'),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const out = await voteHelpful(c.get('deps').db, storeOf(c).id, {
        reviewId: c.req.valid('param').id,
        customerId: customerIdOf(c),
      });
      return c.json(out, 200);
    },
  );
