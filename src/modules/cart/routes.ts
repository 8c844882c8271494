/** Store API: carts. A shopper token is optional; when present the cart belongs to that shopper. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { signedInCustomerIdOf, storeOf } from '../../lib/http/middleware.js';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../../lib/http/openapi.js';
import { ZAddItem, ZCart, ZCartItemParam, ZCartParam, ZSetItemQuantity } from './schemas.js';
import * as service from './service.js';

const tags = ['Store: cart'];

/**
 * SECURITY: whose cart view this is — the signed-in shopper of THIS store through the one customer door
 * (lib/http/middleware); a customer principal of another store is a guest here.
 */
export function cartViewer(c: Context<AppEnv>): service.CartViewer {
  return { customerId: signedInCustomerIdOf(c) ?? null };
}

export const cartStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/carts',
      tags,
      responses: { 201: jsonContent(ZCart, 'The new, empty cart'), ...errorResponses(401) },
    }),
    async (c) => {
      const t = storeOf(c);
      const cart = await service.createCart(c.get('deps').db, t.id, t.currency, cartViewer(c));
      return c.json(cart, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/carts/{cartId}',
      tags,
      request: { params: ZCartParam },
      responses: { 200: jsonContent(ZCart, 'The cart'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { cartId } = c.req.valid('param');
      const cart = await service.getCart(c.get('deps').db, t.id, cartId, cartViewer(c));
      return c.json(cart, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/carts/{cartId}/items',
      tags,
      request: { params: ZCartParam, body: jsonBody(ZAddItem) },
      responses: { 200: jsonContent(ZCart, 'The cart'), ...errorResponses(400, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { cartId } = c.req.valid('param');
      const input = c.req.valid('json');
      const cart = await service.addItemToCart(c.get('deps').db, t.id, cartId, cartViewer(c), input);
      return c.json(cart, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/store/carts/{cartId}/items/{variantId}',
      tags,
      request: { params: ZCartItemParam, body: jsonBody(ZSetItemQuantity) },
      responses: { 200: jsonContent(ZCart, 'The cart'), ...errorResponses(400, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { cartId, variantId } = c.req.valid('param');
      const { quantity } = c.req.valid('json');
      const cart = await service.setItemQuantity(
        c.get('deps').db,
        t.id,
        cartId,
        cartViewer(c),
        variantId,
        quantity,
      );
      return c.json(cart, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/store/carts/{cartId}/items/{variantId}',
      tags,
      request: { params: ZCartItemParam },
      responses: { 200: jsonContent(ZCart, 'The cart'), ...errorResponses(400, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { cartId, variantId } = c.req.valid('param');
      const cart = await service.removeItem(c.get('deps').db, t.id, cartId, cartViewer(c), variantId);
      return c.json(cart, 200);
    },
  );
