/**
 * Admin CRUD for discount codes, shipping rates and tax rates (reads: staff,
 * writes: admin), and the store's public list of shipping options.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import * as admin from './admin-service.js';
import {
  ZCountryParam,
  ZCreateDiscountCode,
  ZCreateShippingRate,
  ZDiscountCode,
  ZIdParam,
  ZPutTaxRate,
  ZShippingQuery,
  ZShippingRate,
  ZTaxRate,
  ZTaxRateQuery,
  ZUpdateDiscountCode,
  ZUpdateShippingRate,
} from './schemas.js';

const tags = ['Admin: checkout settings'];
const read = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const write = { middleware: [requireStoreRole('admin')], security: BEARER, tags };
const ZDeleted = z.object({ deleted: z.literal(true) });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Who makes the change, for the store's audit log. */
const who = (c: Context<AppEnv>) => {
  const p = c.get('principal');
  return { type: 'user' as const, id: p?.kind === 'user' ? p.userId : null };
};

export const checkoutSettingsAdminRoutes = createRouter()
  // ── Discount codes ──
  .openapi(
    createRoute({
      ...read,
      method: 'get',
      path: '/api/admin/discount-codes',
      responses: {
        200: jsonContent(list(ZDiscountCode), 'Discount codes'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await admin.listDiscountCodesForAdmin(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'post',
      path: '/api/admin/discount-codes',
      request: { body: jsonBody(ZCreateDiscountCode) },
      responses: { 201: jsonContent(ZDiscountCode, 'Created'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      const code = await admin.createDiscountCodeForAdmin(c.get('deps').db, t.id, input, who(c));
      return c.json(code, 201);
    },
  )
  .openapi(
    createRoute({
      ...read,
      method: 'get',
      path: '/api/admin/discount-codes/{id}',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZDiscountCode, 'The code'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const code = await admin.getDiscountCodeForAdmin(c.get('deps').db, t.id, id);
      return c.json(code, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'patch',
      path: '/api/admin/discount-codes/{id}',
      request: { params: ZIdParam, body: jsonBody(ZUpdateDiscountCode) },
      responses: { 200: jsonContent(ZDiscountCode, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const code = await admin.updateDiscountCodeForAdmin(c.get('deps').db, t.id, id, input, who(c));
      return c.json(code, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'delete',
      path: '/api/admin/discount-codes/{id}',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZDeleted, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await admin.deleteDiscountCodeForAdmin(c.get('deps').db, t.id, id, who(c));
      return c.json({ deleted: true as const }, 200);
    },
  )
  // ── Shipping rates ──
  .openapi(
    createRoute({
      ...read,
      method: 'get',
      path: '/api/admin/shipping-rates',
      responses: {
        200: jsonContent(list(ZShippingRate), 'Shipping rates'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await admin.listShippingRatesForAdmin(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'post',
      path: '/api/admin/shipping-rates',
      request: { body: jsonBody(ZCreateShippingRate) },
      responses: { 201: jsonContent(ZShippingRate, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      const rate = await admin.createShippingRateForAdmin(c.get('deps').db, t.id, input, who(c));
      return c.json(rate, 201);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'patch',
      path: '/api/admin/shipping-rates/{id}',
      request: { params: ZIdParam, body: jsonBody(ZUpdateShippingRate) },
      responses: { 200: jsonContent(ZShippingRate, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const rate = await admin.updateShippingRateForAdmin(c.get('deps').db, t.id, id, input, who(c));
      return c.json(rate, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'delete',
      path: '/api/admin/shipping-rates/{id}',
      request: { params: ZIdParam },
      responses: { 200: jsonContent(ZDeleted, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      await admin.deleteShippingRateForAdmin(c.get('deps').db, t.id, id, who(c));
      return c.json({ deleted: true as const }, 200);
    },
  )
  // ── Tax rates ──
  .openapi(
    createRoute({
      ...read,
      method: 'get',
      path: '/api/admin/tax-rates',
      responses: { 200: jsonContent(list(ZTaxRate), 'Tax rates'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await admin.listTaxRatesForAdmin(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'put',
      path: '/api/admin/tax-rates/{country}',
      request: { params: ZCountryParam, body: jsonBody(ZPutTaxRate) },
      responses: { 200: jsonContent(ZTaxRate, 'Saved'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { country } = c.req.valid('param');
      const input = c.req.valid('json');
      const rate = await admin.putTaxRateForAdmin(c.get('deps').db, t.id, country, input, who(c));
      return c.json(rate, 200);
    },
  )
  .openapi(
    createRoute({
      ...write,
      method: 'delete',
      path: '/api/admin/tax-rates/{country}',
      request: { params: ZCountryParam, query: ZTaxRateQuery },
      responses: { 200: jsonContent(ZDeleted, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { country } = c.req.valid('param');
      const { region } = c.req.valid('query');
      await admin.deleteTaxRateForAdmin(c.get('deps').db, t.id, country, who(c), region);
      return c.json({ deleted: true as const }, 200);
    },
  );

/** Public: the shipping options a shopper can pick (optionally for one country). */
export const checkoutSettingsStoreRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/store/shipping-rates',
    tags: ['Store: checkout'],
    request: { query: ZShippingQuery },
    responses: {
      200: jsonContent(
        z.object({ items: z.array(ZShippingRate.omit({ position: true, active: true })) }),
        'Shipping options',
      ),
      ...errorResponses(400),
    },
  }),
  async (c) => {
    const t = storeOf(c);
    const { country } = c.req.valid('query');
    const rates = await admin.listShippingOptions(c.get('deps').db, t.id, country);
    return c.json(
      {
        items: rates.map(({ id, name, amount, freeAbove, countries }) => ({
          id,
          name,
          amount,
          freeAbove,
          countries,
        })),
      },
      200,
    );
  },
);
