/**
 * The storefront's own cookies (both httpOnly, SameSite=Lax, host-only):
 *   `sl_cart`    the guest cart id. A cart id is an unguessable UUID, so holding
 *                it is the capability to use that cart (as with the store API).
 *   `sl_orders`  ids of the orders this browser placed (last 20), so a guest can
 *                see the confirmation page of their own order and nobody else's.
 * A signed-in shopper's cart is found by customer instead (see data.ts).
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isUuid } from '../../lib/db/index.js';
import type { AppEnv } from '../../lib/http/context.js';
import { cookiesSecure } from '../../modules/auth/cookies.js';

export const CART_COOKIE = 'sl_cart';
export const ORDERS_COOKIE = 'sl_orders';
const CART_TTL = 30 * 24 * 3600;

type C = Context<AppEnv>;

const options = (c: C, maxAge: number) => ({
  httpOnly: true,
  secure: cookiesSecure(c.get('deps').config),
  sameSite: 'Lax' as const,
  path: '/',
  maxAge,
});

export function readCartId(c: C): string | undefined {
  const v = getCookie(c, CART_COOKIE);
  return isUuid(v) ? v : undefined;
}

export function writeCartId(c: C, cartId: string): void {
  setCookie(c, CART_COOKIE, cartId, options(c, CART_TTL));
}

export function clearCartId(c: C): void {
  setCookie(c, CART_COOKIE, '', options(c, 0));
}

export function placedOrderIds(c: C): string[] {
  return (getCookie(c, ORDERS_COOKIE) ?? '').split('.').filter(isUuid);
}

export function rememberPlacedOrder(c: C, orderId: string): void {
  const ids = [orderId, ...placedOrderIds(c).filter((id) => id !== orderId)].slice(0, 20);
  setCookie(c, ORDERS_COOKIE, ids.join('.'), options(c, CART_TTL));
}
