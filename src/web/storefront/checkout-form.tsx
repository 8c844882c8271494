/**
 * The checkout form (GET /checkout and its re-render with errors), in parts:
 * contact, shipping address, shipping method, discount code, and the review
 * of the cart with the submit button. Each render carries a fresh
 * Idempotency-Key (see checkout-pages.tsx for why).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { Field, money, Notice } from './components.js';
import type { Cart, ShippingRate } from './data.js';
import type { PageContext } from './page.js';

type Values = Record<string, string>;
type Err = (key: string) => string | undefined;

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

export function CheckoutForm(props: {
  c: Context<AppEnv>;
  ctx: PageContext;
  cart: Cart;
  rates: ShippingRate[];
  values: Values;
  errors: Record<string, string>;
  message?: string;
}) {
  const { cart, rates, values, errors } = props;
  const err: Err = (k) => errors[k];
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
            <ContactFields values={values} err={err} />
            <AddressFields values={values} err={err} />
            <ShippingMethods
              rates={rates}
              chosen={values.shippingRateId ?? rates[0]?.id}
              currency={cart.currency}
              err={err}
            />
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
          <OrderReview cart={cart} />
        </div>
      </form>
    </>
  );
}

function ContactFields(props: { values: Values; err: Err }) {
  return (
    <fieldset class="group">
      <legend>Contact</legend>
      <Field
        id="email"
        name="email"
        label="E-mail"
        type="email"
        value={props.values.email}
        required
        autocomplete="email"
        error={props.err('email')}
        hint="We send the order confirmation here."
      />
    </fieldset>
  );
}

function AddressFields(props: { values: Values; err: Err }) {
  const { values, err } = props;
  const line = (id: string, label: string, autocomplete: string, required = true) => (
    <Field
      id={id}
      name={id}
      label={label}
      value={values[id]}
      required={required || undefined}
      autocomplete={autocomplete}
      error={err(`shippingAddress.${id}`)}
    />
  );
  return (
    <fieldset class="group">
      <legend>Shipping address</legend>
      {line('name', 'Full name', 'name')}
      {line('line1', 'Address', 'address-line1')}
      {line('line2', 'Apartment, suite (optional)', 'address-line2', false)}
      {line('city', 'City', 'address-level2')}
      {line('postalCode', 'Postal code', 'postal-code')}
      <CountrySelect country={values.country ?? 'US'} error={err('shippingAddress.country')} />
    </fieldset>
  );
}

/** The country list, plus the submitted country when it is not one of ours (so a re-render keeps it). */
function CountrySelect(props: { country: string; error: string | undefined }) {
  const { country, error } = props;
  const countries = COUNTRIES.some(([code]) => code === country)
    ? COUNTRIES
    : [...COUNTRIES, [country, country] as [string, string]];
  return (
    <div class="field">
      <label for="country">Country</label>
      <select
        id="country"
        name="country"
        autocomplete="country"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'country-error' : undefined}
      >
        {countries.map(([code, label]) => (
          <option value={code} selected={code === country}>
            {label}
          </option>
        ))}
      </select>
      {error ? (
        <span class="error-text" id="country-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function ShippingMethods(props: {
  rates: ShippingRate[];
  chosen: string | undefined;
  currency: string;
  err: Err;
}) {
  const { rates, currency, err } = props;
  if (rates.length === 0) return null;
  return (
    <fieldset class="group" aria-describedby={err('shippingRateId') ? 'shipping-error' : undefined}>
      <legend>Shipping method</legend>
      {rates.map((r) => (
        <div>
          <input
            type="radio"
            id={`rate-${r.id}`}
            name="shippingRateId"
            value={r.id}
            checked={r.id === props.chosen}
          />{' '}
          <label for={`rate-${r.id}`}>
            {r.name} — {r.amount === 0 ? 'Free' : money(r.amount, currency)}
            {r.freeAbove != null && r.amount > 0 ? ` (free over ${money(r.freeAbove, currency)})` : ''}
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
  );
}

function OrderReview(props: { cart: Cart }) {
  const { cart } = props;
  const currency = cart.currency;
  return (
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
        Shipping, tax and any discount are calculated when you place the order and shown on the confirmation.
        You pay the store directly; it confirms your payment.
      </p>
      <p>
        <a href="/cart">Edit cart</a>
      </p>
      <button class="btn" type="submit">
        Place order
      </button>
    </section>
  );
}
