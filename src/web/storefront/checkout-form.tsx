/**
 * The checkout form (GET /checkout and its re-renders): contact, shipping
 * address (only the countries the store ships to; state/province where the
 * country has them), shipping method, discount code and payment, beside the
 * order review with every total (./checkout-totals.tsx). Each render carries a
 * fresh Idempotency-Key (see checkout-pages.tsx for why). Parts marked
 * `data-live` are swapped in place by the page's script when the shopper
 * changes the country, region, method or code; without JavaScript the
 * "Update totals" button re-renders the page with the same numbers.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { CartQuote } from '../../flows/checkout/quote-cart.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { allowInlineScript } from '../../lib/http/security-headers.js';
import { OrderReview } from './checkout-totals.js';
import { type FieldErrors, phoneRequiredFor, type Values } from './checkout-values.js';
import { EmailField, Field, money, Notice } from './components.js';
import { postalLabel, regionsOf } from './countries.js';
import type { Cart } from './data.js';
import { type CheckoutPayment, PaymentNote } from './payment-choice.js';

export type { CheckoutPayment } from './payment-choice.js';

export interface CheckoutFormProps {
  c: Context<AppEnv>;
  cart: Cart;
  countries: [string, string][];
  quote: CartQuote | null;
  payment: CheckoutPayment;
  values: Values;
  errors: FieldErrors;
  message?: string;
}

/**
 * Swaps the form's `data-live` parts with the server's re-render on change
 * (same POST as "Update totals"), except the part holding the focus (a
 * keyboard user keeps their place; what they typed is never overwritten).
 */
export const CHECKOUT_SCRIPT = allowInlineScript(
  `(function(){var f=document.getElementById('checkout-form');if(!f||!window.fetch||!window.DOMParser)return;var n=0;` +
    `function upd(){var d=new URLSearchParams(new FormData(f));d.set('intent','update');var k=++n;` +
    `fetch(f.action,{method:'POST',body:d,credentials:'same-origin'}).then(function(r){return r.text()}).then(function(h){if(k!==n)return;` +
    `var doc=new DOMParser().parseFromString(h,'text/html');f.querySelectorAll('[data-live]').forEach(function(el){var x=doc.getElementById(el.id);if(x&&!el.contains(document.activeElement))el.replaceWith(x)})}).catch(function(){})}` +
    `f.addEventListener('change',function(e){var t=e.target&&e.target.name;if(t==='country'||t==='region'||t==='shippingRateId'||t==='discountCode')upd()})})();`,
);

export function CheckoutForm(props: CheckoutFormProps) {
  const { cart, values, errors, quote } = props;
  return (
    <>
      <h1>Checkout</h1>
      {props.message ? <Notice kind="error">{props.message}</Notice> : null}
      <form id="checkout-form" method="post" action="/checkout" novalidate>
        {csrfInput(props.c)}
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <input type="hidden" name="cartId" value={cart.id} />
        <div class="steps">
          <div>
            <ContactFields
              values={values}
              errors={errors}
              phoneRequired={phoneRequiredFor(props.payment, values)}
            />
            <AddressFields values={values} errors={errors} countries={props.countries} />
            <ShippingMethods quote={quote} chosen={values.shippingRateId} error={errors.shippingRateId} />
            <fieldset class="group">
              <legend>Discount</legend>
              <div id="discount-field" data-live>
                <Field
                  id="discountCode"
                  name="discountCode"
                  label="Discount code (optional)"
                  value={values.discountCode}
                  autocomplete="off"
                  error={errors.discountCode ?? quote?.discountError}
                />
              </div>
              <button class="btn btn-secondary" type="submit" name="intent" value="update">
                Apply
              </button>
            </fieldset>
            <PaymentNote payment={props.payment} values={values} />
          </div>
          <OrderReview cart={cart} quote={quote} />
        </div>
      </form>
    </>
  );
}

function ContactFields(props: { values: Values; errors: FieldErrors; phoneRequired: boolean }) {
  const { values, errors } = props;
  return (
    <fieldset class="group">
      <legend>Contact</legend>
      <EmailField value={values.email} error={errors.email} hint="We send the order confirmation here." />
      <Field
        id="phone"
        name="phone"
        label={props.phoneRequired ? 'Phone' : 'Phone (optional)'}
        type="tel"
        value={values.phone}
        required={props.phoneRequired || undefined}
        autocomplete="tel"
        error={errors.phone}
        hint={props.phoneRequired ? 'The courier calls you when delivering.' : 'Only used about delivery.'}
      />
    </fieldset>
  );
}

export function AddressFields(props: { values: Values; errors: FieldErrors; countries: [string, string][] }) {
  const { values, errors } = props;
  const country = values.country ?? '';
  const line = (id: string, label: string, autocomplete: string, required = true) => (
    <Field
      id={id}
      name={id}
      label={label}
      value={values[id]}
      required={required || undefined}
      autocomplete={autocomplete}
      error={errors[id]}
    />
  );
  return (
    <fieldset class="group">
      <legend>Shipping address</legend>
      <Select
        id="country"
        label="Country"
        autocomplete="country"
        options={props.countries}
        value={country}
        error={errors.country}
      />
      {line('name', 'Full name', 'name')}
      {line('line1', 'Address', 'address-line1')}
      {line('line2', 'Apartment, suite (optional)', 'address-line2', false)}
      {line('city', 'Town or city', 'address-level2')}
      <RegionAndPostal country={country} values={values} errors={errors} />
    </fieldset>
  );
}

function RegionAndPostal(props: { country: string; values: Values; errors: FieldErrors }) {
  const regions = regionsOf(props.country);
  const { errors } = props;
  return (
    <>
      <div id="region-field" data-live>
        {regions ? (
          <Select
            id="region"
            label={regions.label}
            autocomplete="address-level1"
            options={[['', `Choose a ${regions.label.toLowerCase()}`], ...regions.regions]}
            value={props.values.region ?? ''}
            error={errors.region}
          />
        ) : null}
      </div>
      <div class="field">
        <label for="postalCode" id="postal-label" data-live>
          {postalLabel(props.country)}
        </label>
        <input
          id="postalCode"
          name="postalCode"
          value={props.values.postalCode ?? ''}
          required
          autocomplete="postal-code"
          aria-invalid={errors.postalCode ? 'true' : undefined}
          aria-describedby={errors.postalCode ? 'postalCode-error' : undefined}
        />
        {errors.postalCode ? (
          <span class="error-text" id="postalCode-error">
            {errors.postalCode}
          </span>
        ) : null}
      </div>
    </>
  );
}

function Select(props: {
  id: string;
  label: string;
  autocomplete: string;
  options: [string, string][];
  value: string;
  error: string | undefined;
}) {
  const { id, error } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={id}
        autocomplete={props.autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map(([code, label]) => (
          <option value={code} selected={code === props.value}>
            {label}
          </option>
        ))}
      </select>
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

function ShippingMethods(props: { quote: CartQuote | null; chosen: string | undefined; error?: string }) {
  const { quote, error } = props;
  const methods = quote?.shippingMethods ?? [];
  const chosen = methods.some((m) => m.id === props.chosen) ? props.chosen : quote?.shippingMethodId;
  return (
    <fieldset
      class="group"
      id="shipping-methods"
      data-live
      aria-describedby={error ? 'shipping-error' : undefined}
    >
      <legend>Shipping method</legend>
      {methods.length === 0 ? <p class="muted">Choose a country to see the shipping options.</p> : null}
      {methods.map((m) => (
        <div>
          <input
            type="radio"
            id={`rate-${m.id}`}
            name="shippingRateId"
            value={m.id}
            checked={m.id === chosen}
          />{' '}
          <label for={`rate-${m.id}`}>
            {m.name} — {m.price === 0 ? 'Free' : money(m.price, quote!.currency)}
          </label>
        </div>
      ))}
      {error ? (
        <span class="error-text" id="shipping-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
