/**
 * Merchant billing API (store host): overview (admin), plan checkout and
 * customer portal (owner). Console billing (apex, platform admins).
 * Without Stripe keys the write endpoints answer 503 not_configured.
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { requirePlatformAdmin, requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { getUserAccount } from '../auth/service.js';
import { openBillingPortal, startPlanCheckout } from './checkout.js';
import { getConsoleBilling } from './console.js';
import { getBillingOverview } from './service.js';

type Ctx = import('hono').Context<AppEnv>;

const tags = ['Admin: billing'];

const ZEntitlements = z.object({
  plan: z.string(),
  productLimit: z.number().int().nullable(),
  staffSeats: z.number().int().nullable(),
  transactionFeeBp: z.number().int(),
  customDomain: z.boolean(),
  dynamicPricing: z.boolean(),
});

const ZBillingOverview = z
  .object({
    configured: z.boolean(),
    plan: z.string(),
    status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'developer']),
    storeStatus: z.enum(['active', 'suspended', 'deleted']),
    entitlements: ZEntitlements,
    trialEndsAt: z.string().nullable(),
    currentPeriodEnd: z.string().nullable(),
    graceEndsAt: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    banner: z.object({
      kind: z.enum(['none', 'not_configured', 'trial', 'trial_ended', 'past_due', 'suspended', 'canceled']),
      message: z.string().nullable(),
    }),
    plans: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        monthlyPrice: z.number().int(),
        currency: z.string(),
        available: z.boolean(),
      }),
    ),
  })
  .openapi('BillingOverview');

const ZUrl = z.object({ url: z.string() });
const ZCheckoutInput = z.object({ plan: z.string().min(1).max(40) }).strict();

async function userEmail(c: Ctx): Promise<string> {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a merchant');
  return (await getUserAccount(c.get('deps'), p.userId))?.email ?? '';
}

function returnBase(c: Ctx): string {
  const site = c.get('site');
  return site.kind === 'store' ? site.url : c.get('deps').config.PUBLIC_URL;
}

export const billingAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/billing',
      middleware: [requireStoreRole('admin')],
      security: BEARER,
      tags,
      responses: {
        200: jsonContent(ZBillingOverview, 'Plan, status, entitlements and banner'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json(await getBillingOverview(c.get('deps'), storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/billing/checkout',
      middleware: [requireStoreRole('owner')],
      security: BEARER,
      tags,
      request: { body: jsonBody(ZCheckoutInput) },
      responses: {
        200: jsonContent(ZUrl, 'Stripe Checkout URL (subscription mode)'),
        ...errorResponses(400, 401, 403, 404, 502, 503),
      },
    }),
    async (c) => {
      const { plan } = c.req.valid('json');
      const r = await startPlanCheckout(c.get('deps'), {
        tenant: storeOf(c),
        plan,
        email: await userEmail(c),
        returnBase: returnBase(c),
      });
      return c.json(r, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/billing/portal',
      middleware: [requireStoreRole('owner')],
      security: BEARER,
      tags,
      responses: {
        200: jsonContent(ZUrl, 'Stripe customer portal URL'),
        ...errorResponses(401, 403, 404, 502, 503),
      },
    }),
    async (c) => {
      const r = await openBillingPortal(c.get('deps'), {
        tenant: storeOf(c),
        email: await userEmail(c),
        returnBase: returnBase(c),
      });
      return c.json(r, 200);
    },
  );

const ZConsoleBilling = z.object({
  configured: z.boolean(),
  currency: z.string(),
  totalMrr: z.number().int(),
  items: z.array(
    z.object({
      tenantId: z.string(),
      handle: z.string(),
      name: z.string(),
      plan: z.string(),
      status: z.string(),
      storeStatus: z.string(),
      mrr: z.number().int(),
    }),
  ),
});

export const billingConsoleRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/console/billing',
    middleware: [requirePlatformAdmin()],
    security: BEARER,
    tags: ['Console'],
    responses: {
      200: jsonContent(ZConsoleBilling, 'Plan, status and MRR per store and in total'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await getConsoleBilling(c.get('deps')), 200),
);
