/**
 * Shopper payments through Stripe Connect: onboarding (owner), status
 * (admin), and the shopper's return from card confirmation (store API, no
 * token: the PaymentIntent id is checked against the order's own payment).
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { confirmOrderPayment } from './card-payment.js';
import { getPaymentsStatus, startConnectOnboarding, userEmail } from './connect.js';

const tags = ['Admin: payments'];

const ZStatus = z
  .object({
    configured: z.boolean(),
    provider: z.enum(['stripe', 'manual']),
    cardPayments: z.boolean(),
    account: z
      .object({
        id: z.string(),
        chargesEnabled: z.boolean(),
        payoutsEnabled: z.boolean(),
        detailsSubmitted: z.boolean(),
        disabledReason: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('PaymentsStatus');

export const paymentsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/payments/connect',
      middleware: [requireStoreRole('owner')],
      security: BEARER,
      tags,
      responses: {
        200: jsonContent(z.object({ url: z.string(), accountId: z.string() }), 'Stripe onboarding link'),
        ...errorResponses(401, 403, 404, 502, 503),
      },
    }),
    async (c) => {
      const p = c.get('principal');
      const email = p?.kind === 'user' ? await userEmail(c.get('deps'), p.userId) : '';
      const site = c.get('site');
      const r = await startConnectOnboarding(c.get('deps'), {
        tenant: storeOf(c),
        email,
        returnBase: site.kind === 'store' ? site.url : c.get('deps').config.PUBLIC_URL,
      });
      return c.json(r, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/payments/status',
      middleware: [requireStoreRole('admin')],
      security: BEARER,
      tags,
      responses: { 200: jsonContent(ZStatus, 'Card payments status'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getPaymentsStatus(c.get('deps'), storeOf(c).id), 200),
  );

const ZOrderParam = z.object({ orderId: z.uuid() });

export const paymentsStoreRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/store/payments/{orderId}/confirm',
    tags: ['Store: payments'],
    request: { params: ZOrderParam },
    responses: {
      200: jsonContent(
        z.object({ status: z.enum(['paid', 'already_paid', 'pending', 'failed', 'unknown']) }),
        'The order payment state after syncing with Stripe',
      ),
      ...errorResponses(400, 404, 409, 502),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const t = storeOf(c);
    const { orderId } = c.req.valid('param');
    const status = await confirmOrderPayment(deps, t.id, orderId);
    return c.json({ status }, 200);
  },
);
