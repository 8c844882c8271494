/**
 * Store API for recommendations: a product's "similar" / "bought together" list, "for you" (shopper token
 * or the anonymous first-party session cookie; popular products without history) and the signal beacon.
 */
import { createRoute } from '@hono/zod-openapi';
import { signedInCustomerIdOf, storeOf } from '../../lib/http/middleware.js';
import { createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { getForYou, getProductRecommendations, recordSignal } from './service.js';

const tags = ['Store: recommendations'];
export const SESSION_COOKIE = 'sl_rec';
const SESSION_MAX_AGE = 180 * 86_400;

const ZLimit = z
  .string()
  .regex(/^\d{1,3}$/, 'A whole number')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 50, 'Between 1 and 50');

const ZItem = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    price: z.number().int(),
    currency: z.string(),
    reason: z.string(),
    variantId: z.string().nullable().openapi({ description: 'First variant in stock, for a one-click add' }),
  })
  .openapi('RecommendedProduct');
const ZList = z.object({ items: z.array(ZItem) }).openapi('RecommendationList');

type Ctx = Parameters<typeof storeOf>[0];

/**
 * The `sl_rec` value of a Cookie header when it is a well-formed session id (16–64 of [A-Za-z0-9_-],
 * which need no decoding): one precompiled match on every product view, not a parse of every cookie.
 */
const SESSION_IN_HEADER = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=([A-Za-z0-9_-]{16,64})\\s*(?:;|$)`);

/**
 * The Set-Cookie attributes of a new session (what hono's setCookie writes for path /, httpOnly, Lax,
 * SESSION_MAX_AGE and, on https, Secure), written once: every product view of a new shopper issues one,
 * and serialising the options each time was most of the cookie's cost (tests/recommendations/
 * session-cookie.test.ts holds the bytes equal to setCookie's).
 */
const SESSION_ATTRIBUTES = {
  http: `; Max-Age=${SESSION_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax`,
  https: `; Max-Age=${SESSION_MAX_AGE}; Path=/; HttpOnly; Secure; SameSite=Lax`,
};

/** The anonymous first-party session id (cookie `sl_rec`), set when absent and `create` is asked. */
export function recommendationSession(c: Ctx, create: boolean): string | null {
  const header = c.req.raw.headers.get('cookie');
  let sessionId = header ? (SESSION_IN_HEADER.exec(header)?.[1] ?? null) : null;
  if (!sessionId && create) {
    // 32 hex digits: nothing to encode.
    sessionId = crypto.randomUUID().replaceAll('-', '');
    c.header('Set-Cookie', sessionCookieFor(sessionId, c.req.url.startsWith('https:')), { append: true });
  }
  return sessionId;
}

/** The Set-Cookie value of a new session (byte for byte what setCookie wrote with its options). */
export const sessionCookieFor = (sessionId: string, https: boolean) =>
  `${SESSION_COOKIE}=${sessionId}${https ? SESSION_ATTRIBUTES.https : SESSION_ATTRIBUTES.http}`;

/**
 * The shopper: the signed-in customer of THIS store (the one customer door, lib/http/middleware: a
 * customer principal of another store never personalises) and/or the anonymous session cookie (set when
 * absent and `create`). Pages and routes both read it here.
 */
export function recommendationShopper(c: Ctx, create: boolean): Shopper {
  const known = shoppers.get(c);
  if (known) return known;
  const shopper = {
    customerId: signedInCustomerIdOf(c) ?? null,
    sessionId: recommendationSession(c, create),
  };
  if (shopper.sessionId) shoppers.set(c, shopper);
  return shopper;
}

type Shopper = { customerId: string | null; sessionId: string | null };

/** The shopper of each request once known with a session (a new session's cookie is set once). */
const shoppers = new WeakMap<Ctx, Shopper>();

export const recommendationsStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/products/{idOrHandle}/recommendations',
      tags,
      summary: 'Similar or frequently-bought-together products (never the product itself)',
      request: {
        params: z.object({ idOrHandle: z.string().min(1).max(200) }),
        query: z
          .object({ kind: z.enum(['similar', 'bought_together']).optional(), limit: ZLimit.optional() })
          .strict(),
      },
      responses: { 200: jsonContent(ZList, 'Recommended products'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => {
      const store = storeOf(c);
      const { idOrHandle } = c.req.valid('param');
      const q = c.req.valid('query');
      const db = c.get('deps').db;
      const items = await getProductRecommendations(db, store, idOrHandle, q.kind ?? 'similar', q.limit ?? 8);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/recommendations',
      tags,
      summary: '"For you": from the shopper\'s recent history, popular products without one',
      request: { query: z.object({ limit: ZLimit.optional() }).strict() },
      responses: { 200: jsonContent(ZList, 'Recommended products'), ...errorResponses(400, 404, 503) },
    }),
    async (c) => {
      const store = storeOf(c);
      const q = c.req.valid('query');
      const items = await getForYou(c.get('deps').db, store, recommendationShopper(c, true), {
        limit: q.limit ?? 8,
      });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/recommendations/events',
      tags,
      summary: 'Record a product view or add-to-cart (buffered; answered at once)',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ kind: z.enum(['view', 'cart']), productId: z.string().uuid() })
                .strict()
                .openapi('RecommendationSignal'),
            },
          },
        },
      },
      responses: {
        202: jsonContent(z.object({ accepted: z.boolean() }), 'Buffered'),
        ...errorResponses(400, 404, 503),
      },
    }),
    async (c) => {
      const store = storeOf(c);
      const body = c.req.valid('json');
      const shopper = recommendationShopper(c, true);
      const deps = c.get('deps');
      recordSignal(deps.db, store.id, { ...body, ...shopper, occurredAt: deps.now() });
      return c.json({ accepted: true }, 202);
    },
  );
