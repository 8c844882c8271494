/**
 * Console API (apex, /api/console/*). The family guard in src/app.ts applies
 * onlyOn('apex') and requirePlatformAdmin() to every route here: no token →
 * 401, a merchant token → 403.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { listConsoleAudit } from './audit-view.js';
import { IMPERSONATION_MAX_MINUTES, startImpersonation } from './impersonation.js';
import { getTenantDetail, listTenants, setTenantSuspended } from './service.js';
import { extendTrial, MAX_TRIAL_EXTENSION_DAYS, overridePlan } from './tenant-ops.js';

const ZStatus = z.enum(['active', 'suspended', 'deleted']);
const ZTenantItem = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    status: ZStatus,
    plan: z.string(),
    currency: z.string(),
    gmv: z.number().int().openapi({ description: 'Paid orders net of refunds, all time, minor units' }),
    lastActivityAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ConsoleTenant');
const ZTenantDetail = ZTenantItem.omit({ gmv: true, lastActivityAt: true })
  .extend({
    suspendedReason: z.string().nullable(),
    suspendedAt: z.string().nullable(),
    trialEndsAt: z.string().nullable(),
    owners: z.array(z.object({ id: z.string(), email: z.string() })),
    counts: z.object({
      members: z.number(),
      products: z.number(),
      orders: z.number(),
      customers: z.number(),
    }),
    entitlements: z.object({
      plan: z.string(),
      planName: z.string(),
      productLimit: z.number().nullable(),
      staffSeats: z.number().nullable(),
      transactionFeeBp: z.number(),
      customDomain: z.boolean(),
      dynamicPricing: z.boolean(),
    }),
    usage: z.object({
      products: z.number(),
      staffSeats: z.number(),
      customDomains: z.number(),
      demandRules: z.number(),
    }),
  })
  .openapi('ConsoleTenantDetail');
const ZListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    status: ZStatus.optional(),
    plan: z.string().trim().max(50).optional(),
    createdFrom: z.coerce.date().optional(),
    createdTo: z.coerce.date().optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
const ZIdParam = z.object({ id: z.uuid() });
const ZSuspend = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
const ZReason = z.string().trim().min(3).max(500);
const ZPlanOverride = z.object({ plan: z.string().trim().min(1).max(31), reason: ZReason }).strict();
const ZTrialExtension = z
  .object({ days: z.number().int().min(1).max(MAX_TRIAL_EXTENSION_DAYS), reason: ZReason })
  .strict();
const ZImpersonate = z
  .object({ minutes: z.number().int().min(1).max(IMPERSONATION_MAX_MINUTES).default(30), reason: ZReason })
  .strict();
const ZAuditQuery = z
  .object({
    tenantId: z.uuid().optional(),
    action: z.string().trim().max(100).optional(),
    actorId: z.uuid().optional(),
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const ZAuditItem = z
  .object({
    id: z.number(),
    tenantId: z.string().nullable(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

function adminOf(c: Context<AppEnv>) {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a platform admin');
  return { userId: p.userId, ip: clientIp(c) };
}

const guarded = { security: BEARER, tags: ['Console'] };

export const consoleRoutes = createRouter()
  .openapi(
    createRoute({
      ...guarded,
      method: 'get',
      path: '/api/console/tenants',
      request: { query: ZListQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZTenantItem), nextCursor: z.string().nullable() }),
          'Tenants',
        ),
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await listTenants(c.get('deps').db, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'get',
      path: '/api/console/tenants/{id}',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZTenantDetail, 'Tenant'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getTenantDetail(c.get('deps').db, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'post',
      path: '/api/console/tenants/{id}/suspend',
      request: { params: ZIdParam, body: jsonBody(ZSuspend) },
      responses: { 200: jsonContent(ZTenantDetail, 'Suspended'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = await setTenantSuspended(
        c.get('deps'),
        c.req.valid('param').id,
        true,
        adminOf(c),
        c.req.valid('json').reason,
      );
      return c.json(t, 200);
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'post',
      path: '/api/console/tenants/{id}/reactivate',
      request: { params: ZIdParam },
      responses: {
        200: jsonContent(ZTenantDetail, 'Reactivated'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await setTenantSuspended(c.get('deps'), c.req.valid('param').id, false, adminOf(c)), 200),
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'get',
      path: '/api/console/audit',
      request: { query: ZAuditQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZAuditItem), nextCursor: z.string().nullable() }),
          'Audit log, newest first',
        ),
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = await listConsoleAudit(c.get('deps').db, { ...q, beforeId: q.cursor });
      return c.json({ items: r.items, nextCursor: r.nextBeforeId ? String(r.nextBeforeId) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'post',
      path: '/api/console/tenants/{id}/plan',
      request: { params: ZIdParam, body: jsonBody(ZPlanOverride) },
      responses: {
        200: jsonContent(ZTenantDetail, 'Plan overridden (audited)'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await overridePlan(c.get('deps'), id, adminOf(c), c.req.valid('json'));
      return c.json(await getTenantDetail(c.get('deps').db, id), 200);
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'post',
      path: '/api/console/tenants/{id}/trial',
      request: { params: ZIdParam, body: jsonBody(ZTrialExtension) },
      responses: {
        200: jsonContent(ZTenantDetail, 'Trial extended (audited)'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await extendTrial(c.get('deps'), id, adminOf(c), c.req.valid('json'));
      return c.json(await getTenantDetail(c.get('deps').db, id), 200);
    },
  )
  .openapi(
    createRoute({
      ...guarded,
      method: 'post',
      path: '/api/console/tenants/{id}/impersonate',
      request: { params: ZIdParam, body: jsonBody(ZImpersonate) },
      responses: {
        201: jsonContent(
          z.object({ url: z.string(), expiresAt: z.string() }),
          'Open `url` within 60 s to sign in to the store admin as its owner until `expiresAt` (audited)',
        ),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await startImpersonation(c.get('deps'), c.req.valid('param').id, adminOf(c), c.req.valid('json')),
        201,
      ),
  );
