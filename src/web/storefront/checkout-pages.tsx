/**
 * Checkout, without JavaScript (a small script only re-prices in place).
 *
 * `GET /checkout` renders one form — contact, shipping address, shipping
 * option, discount code, payment — beside the order review with subtotal,
 * discount, shipping, tax and total from the checkout quote (the checkout
 * flow's own pricing, so the order is charged exactly what was shown). Each
 * render carries a fresh Idempotency-Key in a hidden field, so submitting the
 * same rendered form twice (double click, back + resubmit, network retry)
 * reaches the checkout flow with the same key (and the same cart id, also in
 * the form) and yields ONE order; both submits go to its confirmation.
 *
 * `POST /checkout` with intent=update re-renders with new totals (the
 * "Update totals" and "Apply" buttons, and the script's fetch); otherwise it
 * runs src/flows/checkout.ts and redirects (303) to `/orders/:id/confirmation`.
 * A problem re-renders the form with what was typed and a shopper's sentence
 * next to the field (./checkout-values.ts).
 *
 * `GET /orders/:id/confirmation` is shown only to the browser that placed the
 * order (sl_orders cookie) or to the signed-in shopper who owns it.
 */

import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { ZIdempotencyKey } from '../../lib/idempotency.js';
import { defaultCustomerAddress } from '../../modules/customers/addresses.js';
import { checkoutPayment, listShippingOptions, quoteForPage } from './checkout-data.js';
import { CHECKOUT_SCRIPT, CheckoutForm } from './checkout-form.js';
import {
  type FieldErrors,
  flowErrors,
  phoneRequiredFor,
  readValues,
  savedAddressValues,
  type Values,
  validateCheckout,
} from './checkout-values.js';
import { clearCartId, readCartId, rememberPlacedOrder } from './cookies.js';
import { shippableCountries } from './countries.js';
import { type Cart, findCart, getCustomer, placeOrder, shopperOf } from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

async function renderCheckout(
  c: C,
  ctx: PageContext,
  cart: Cart,
  values: Values,
  errors: FieldErrors,
  status: 200 | 400 | 409,
  message?: string,
) {
  const tenant = storeOf(c);
  const [rates, payment] = await Promise.all([
    listShippingOptions(ctx.deps, tenant),
    checkoutPayment(ctx.deps, tenant),
  ]);
  const countries = shippableCountries(rates);
  if (!countries.some(([code]) => code === values.country)) values.country = countries[0]?.[0] ?? '';
  const { quote, issues } = await quoteForPage(ctx.deps, tenant, cart.id, ctx.shopper?.customerId ?? null, {
    shippingAddress: values.country
      ? { country: values.country, region: values.region || undefined }
      : undefined,
    shippingMethodId: isUuid(values.shippingRateId) ? values.shippingRateId : undefined,
    discountCode: values.discountCode || undefined,
  });
  const refused = flowErrors(issues);
  return c.html(
    <ShopPage ctx={ctx} title="Checkout" path="/checkout" noindex scripts={[CHECKOUT_SCRIPT]}>
      <CheckoutForm
        c={c}
        cart={cart}
        countries={countries}
        quote={quote}
        payment={payment}
        values={values}
        errors={{ ...refused.errors, ...errors }}
        message={message}
      />
    </ShopPage>,
    status,
  );
}

/** A signed-in shopper's e-mail and default saved address prefill the form. */
async function initialValues(ctx: PageContext, tenantId: string): Promise<Values> {
  if (!ctx.shopper) return { country: 'US' };
  const [customer, address] = await Promise.all([
    getCustomer(ctx.deps, tenantId, ctx.shopper.customerId),
    defaultCustomerAddress(ctx.deps, tenantId, ctx.shopper.customerId),
  ]);
  if (!address) return { country: 'US', email: customer.email };
  return { ...savedAddressValues(address), email: customer.email };
}

export async function checkoutPage(c: C) {
  const ctx = await pageContext(c);
  const cart = ctx.cartId ? await findCart(ctx.deps, storeOf(c), ctx.cartId, ctx.shopper?.customerId) : null;
  if (!cart || cart.items.length === 0) return c.redirect('/cart?notice=empty', 303);
  return renderCheckout(c, ctx, cart, await initialValues(ctx, storeOf(c).id), {}, 200);
}

export async function checkoutAction(c: C) {
  const tenant = storeOf(c);
  const deps = c.get('deps');
  const body = await c.req.parseBody();
  const values = readValues(body);
  const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
  // The cart the form reviewed (also kept in the form, so a resubmit after the
  // first submit cleared the cookie still replays to the same order).
  const cartId = isUuid(body.cartId) ? body.cartId : readCartId(c);
  const customerId = shopperOf(c)?.customerId ?? null;

  const render = async (errors: FieldErrors, status: 200 | 400 | 409, message?: string) => {
    const ctx = await pageContext(c);
    const cart = cartId ? await findCart(deps, tenant, cartId, customerId) : null;
    if (!cart || cart.items.length === 0) return c.redirect('/cart?notice=empty', 303);
    return renderCheckout(c, ctx, cart, values, errors, status, message);
  };

  if (!cartId) return c.redirect('/cart?notice=empty', 303);
  if (body.intent === 'update') return render({}, 200);
  if (!ZIdempotencyKey.test(key))
    return render({}, 400, 'This page was open for a long time; please place the order again.');
  const payment = await checkoutPayment(deps, tenant);
  // Both card and manual payment: the shopper's choice is sent (the form defaults to card).
  if (payment.card && payment.manual.enabled && values.paymentMethod !== 'manual')
    values.paymentMethod = 'card';
  const checked = validateCheckout(values, { phoneRequired: phoneRequiredFor(payment, values) });
  if ('errors' in checked) return render(checked.errors, 400, 'Please check the highlighted fields.');
  try {
    const { orderId } = await placeOrder(deps, tenant, cartId, customerId, key, checked.input);
    rememberPlacedOrder(c, orderId);
    clearCartId(c);
    return c.redirect(`/orders/${orderId}/confirmation`, 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    switch (err.code) {
      case 'validation_failed':
      case 'conflict': {
        const refused = flowErrors(err.issues ?? []);
        return render(
          refused.errors,
          err.code === 'conflict' ? 409 : 400,
          refused.general ?? 'Please check the highlighted fields.',
        );
      }
      case 'insufficient_stock':
        return render({}, 409, 'Some items sold out while you were checking out. Please review your cart.');
      case 'idempotency_conflict':
        return render(
          {},
          409,
          'This order was already placed from another tab. Check your e-mail for the confirmation.',
        );
      case 'invalid_state':
      case 'not_found':
        clearCartId(c);
        return c.redirect('/cart?notice=gone', 303);
      default:
        throw err;
    }
  }
}
