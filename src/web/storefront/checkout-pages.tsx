/**
 * Checkout and order confirmation, without JavaScript.
 *
 * `GET /checkout` renders one form — contact e-mail, shipping address,
 * shipping option, discount code — above a review of the cart. Each render
 * carries a fresh Idempotency-Key in a hidden field, so submitting the same
 * rendered form twice (double click, back + resubmit, network retry) reaches
 * the checkout flow with the same key (and the same cart id, also in the
 * form) and yields ONE order; both submits are redirected to its confirmation.
 *
 * `POST /checkout` runs src/flows/checkout.ts and redirects (303) to
 * `/orders/:id/confirmation`; a problem (invalid field, stock gone, unknown
 * discount code) re-renders the form with the shopper's values and the error.
 *
 * `GET /orders/:id/confirmation` is shown only to the browser that placed the
 * order (sl_orders cookie) or to the signed-in shopper who owns it.
 */

import type { Context } from 'hono';
import { ZodError } from 'zod';
import { isUuid } from '../../lib/db/index.js';
import { AppError, type ErrorIssue, zodIssues } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { ZIdempotencyKey } from '../../lib/idempotency.js';
import { ZCheckout } from '../../modules/orders/schemas.js';
import { CheckoutForm } from './checkout-form.js';
import { clearCartId, readCartId, rememberPlacedOrder } from './cookies.js';
import { type Cart, findCart, getCustomer, listShippingOptions, placeOrder, shopperOf } from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

type Values = Record<string, string>;
const FIELDS = [
  'email',
  'name',
  'line1',
  'line2',
  'city',
  'postalCode',
  'country',
  'shippingRateId',
  'discountCode',
];

async function renderCheckout(
  c: C,
  ctx: PageContext,
  cart: Cart,
  values: Values,
  errors: Record<string, string>,
  status: 200 | 400 | 409,
  message?: string,
) {
  const rates = await listShippingOptions(ctx.deps, storeOf(c));
  return c.html(
    <ShopPage ctx={ctx} title="Checkout" path="/checkout" noindex>
      <CheckoutForm
        c={c}
        ctx={ctx}
        cart={cart}
        rates={rates}
        values={values}
        errors={errors}
        message={message}
      />
    </ShopPage>,
    status,
  );
}

export async function checkoutPage(c: C) {
  const ctx = await pageContext(c);
  const cart = ctx.cartId ? await findCart(ctx.deps, storeOf(c), ctx.cartId, ctx.shopper?.customerId) : null;
  if (!cart || cart.items.length === 0) return c.redirect('/cart?notice=empty', 303);
  const email = ctx.shopper ? (await getCustomer(ctx.deps, storeOf(c).id, ctx.shopper.customerId)).email : '';
  return renderCheckout(c, ctx, cart, { country: 'US', email }, {}, 200);
}

function issuesToErrors(issues: ErrorIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path || 'form'] ??= i.message;
  return out;
}

export async function checkoutAction(c: C) {
  const tenant = storeOf(c);
  const deps = c.get('deps');
  const body = await c.req.parseBody();
  const values: Values = {};
  for (const k of FIELDS) {
    const v = body[k];
    if (typeof v === 'string') values[k] = v.trim().slice(0, 300);
  }
  const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
  // The cart the form reviewed (also kept in the form, so a resubmit after the
  // first submit cleared the cookie still replays to the same order).
  const cartId = isUuid(body.cartId) ? body.cartId : readCartId(c);
  const customerId = shopperOf(c)?.customerId ?? null;
  const input = {
    email: values.email ?? '',
    shippingAddress: {
      name: values.name ?? '',
      line1: values.line1 ?? '',
      ...(values.line2 ? { line2: values.line2 } : {}),
      city: values.city ?? '',
      postalCode: values.postalCode ?? '',
      country: values.country ?? '',
    },
    ...(values.discountCode ? { discountCode: values.discountCode } : {}),
    ...(values.shippingRateId ? { shippingRateId: values.shippingRateId } : {}),
  };

  const failWith = async (errors: Record<string, string>, status: 400 | 409, message: string) => {
    const ctx = await pageContext(c);
    const cart = cartId ? await findCart(deps, tenant, cartId, customerId) : null;
    if (!cart || cart.items.length === 0) return c.redirect('/cart?notice=empty', 303);
    return renderCheckout(c, ctx, cart, values, errors, status, message);
  };

  if (!cartId) return c.redirect('/cart?notice=empty', 303);
  if (!ZIdempotencyKey.test(key)) return failWith({}, 400, 'The form expired; please submit it again.');
  const parsed = ZCheckout.safeParse(input);
  if (!parsed.success) {
    return failWith(issuesToErrors(zodIssues(parsed.error)), 400, 'Please check the highlighted fields.');
  }
  try {
    const { orderId } = await placeOrder(deps, tenant, cartId, customerId, key, parsed.data);
    rememberPlacedOrder(c, orderId);
    clearCartId(c);
    return c.redirect(`/orders/${orderId}/confirmation`, 303);
  } catch (err) {
    if (err instanceof ZodError)
      return failWith(issuesToErrors(zodIssues(err)), 400, 'Please check the highlighted fields.');
    if (!(err instanceof AppError)) throw err;
    switch (err.code) {
      case 'validation_failed':
        return failWith(issuesToErrors(err.issues ?? []), 400, err.message);
      case 'insufficient_stock':
        return failWith({}, 409, 'Some items sold out while you were checking out. Please review your cart.');
      case 'conflict':
      case 'idempotency_conflict':
        return failWith(issuesToErrors(err.issues ?? []), 409, err.message);
      case 'invalid_state':
      case 'not_found':
        clearCartId(c);
        return c.redirect('/cart?notice=gone', 303);
      default:
        throw err;
    }
  }
}
