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

import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { ZodError } from 'zod';
import { isUuid } from '../../lib/db/index.js';
import { AppError, type ErrorIssue, zodIssues } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { ZIdempotencyKey } from '../../lib/idempotency.js';
import { ZCheckout } from '../../modules/orders/schemas.js';
import { Field, money, Notice } from './components.js';
import { clearCartId, readCartId, rememberPlacedOrder } from './cookies.js';
import {
  type Cart,
  findCart,
  getCustomer,
  listShippingOptions,
  placeOrder,
  type ShippingRate,
  shopperOf,
} from './data.js';
import { type PageContext, pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;

const COUNTRIES: [string, string][] = [
  ['US', 'United States'],
  ['CA', 'Canada'],
  ['GB', 'United Kingdom'],
  ['IE', 'Ireland'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['SE', 'Sweden'],
  ['DK', 'Denmark'],
  ['CH', 'Switzerland'],
  ['AU', 'Australia'],
  ['NZ', 'New Zealand'],
  ['JP', 'Japan'],
];

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

function CheckoutForm(props: {
  c: C;
  ctx: PageContext;
  cart: Cart;
  rates: ShippingRate[];
  values: Values;
  errors: Record<string, string>;
  message?: string;
}) {
  const { cart, rates, values, errors } = props;
  const currency = cart.currency;
  const err = (k: string) => errors[k];
  const chosenRate = values.shippingRateId ?? rates[0]?.id;
  const country = values.country ?? 'US';
  const countries = COUNTRIES.some(([code]) => code === country)
    ? COUNTRIES
    : [...COUNTRIES, [country, country] as [string, string]];
  return (
    <>
      <h1>Checkout</h1>
      {props.message ? <Notice kind="error">{props.message}</Notice> : null}
      <form method="post" action="/checkout" novalidate>
        {csrfInput(props.c)}
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <input type="hidden" name="cartId" value={cart.id} />
        <div class="steps">
          <div>
            <fieldset class="group">
              <legend>Contact</legend>
              <Field
                id="email"
                name="email"
                label="E-mail"
                type="email"
                value={values.email}
                required
                autocomplete="email"
                error={err('email')}
                hint="We send the order confirmation here."
              />
            </fieldset>
            <fieldset class="group">
              <legend>Shipping address</legend>
              <Field
                id="name"
                name="name"
                label="Full name"
                value={values.name}
                required
                autocomplete="name"
                error={err('shippingAddress.name')}
              />
              <Field
                id="line1"
                name="line1"
                label="Address"
                value={values.line1}
                required
                autocomplete="address-line1"
                error={err('shippingAddress.line1')}
              />
              <Field
                id="line2"
                name="line2"
                label="Apartment, suite (optional)"
                value={values.line2}
                autocomplete="address-line2"
                error={err('shippingAddress.line2')}
              />
              <Field
                id="city"
                name="city"
                label="City"
                value={values.city}
                required
                autocomplete="address-level2"
                error={err('shippingAddress.city')}
              />
              <Field
                id="postalCode"
                name="postalCode"
                label="Postal code"
                value={values.postalCode}
                required
                autocomplete="postal-code"
                error={err('shippingAddress.postalCode')}
              />
              <div class="field">
                <label for="country">Country</label>
                <select
                  id="country"
                  name="country"
                  autocomplete="country"
                  aria-invalid={err('shippingAddress.country') ? 'true' : undefined}
                  aria-describedby={err('shippingAddress.country') ? 'country-error' : undefined}
                >
                  {countries.map(([code, label]) => (
                    <option value={code} selected={code === country}>
                      {label}
                    </option>
                  ))}
                </select>
                {err('shippingAddress.country') ? (
                  <span class="error-text" id="country-error">
                    {err('shippingAddress.country')}
                  </span>
                ) : null}
              </div>
            </fieldset>
            {rates.length > 0 ? (
              <fieldset class="group" aria-describedby={err('shippingRateId') ? 'shipping-error' : undefined}>
                <legend>Shipping method</legend>
                {rates.map((r) => (
                  <div>
                    <input
                      type="radio"
                      id={`rate-${r.id}`}
                      name="shippingRateId"
                      value={r.id}
                      checked={r.id === chosenRate}
                    />{' '}
                    <label for={`rate-${r.id}`}>
                      {r.name} — {r.amount === 0 ? 'Free' : money(r.amount, currency)}
                      {r.freeAbove != null && r.amount > 0
                        ? ` (free over ${money(r.freeAbove, currency)})`
                        : ''}
                      {r.countries.length ? ` · ships to ${r.countries.join(', ')}` : ''}
                    </label>
                  </div>
                ))}
                {err('shippingRateId') ? (
                  <span class="error-text" id="shipping-error">
                    {err('shippingRateId')}
                  </span>
                ) : null}
              </fieldset>
            ) : null}
            <fieldset class="group">
              <legend>Discount</legend>
              <Field
                id="discountCode"
                name="discountCode"
                label="Discount code (optional)"
                value={values.discountCode}
                autocomplete="off"
                error={err('discountCode')}
              />
            </fieldset>
          </div>
          <section aria-labelledby="review-heading">
            <h2 id="review-heading" style="margin-top:0">
              Review your order
            </h2>
            <table class="table">
              <caption class="visually-hidden">Items</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {cart.items.map((l) => (
                  <tr>
                    <th scope="row">{l.variantTitle ? `${l.title} — ${l.variantTitle}` : l.title}</th>
                    <td>{l.quantity}</td>
                    <td>{money(l.lineTotal, currency)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan={2}>
                    Subtotal
                  </th>
                  <td>{money(cart.subtotal, currency)}</td>
                </tr>
              </tfoot>
            </table>
            <p class="muted">
              Shipping, tax and any discount are calculated when you place the order and shown on the
              confirmation. You pay the store directly; it confirms your payment.
            </p>
            <p>
              <a href="/cart">Edit cart</a>
            </p>
            <button class="btn" type="submit">
              Place order
            </button>
          </section>
        </div>
      </form>
    </>
  );
}

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
