/**
 * Small building blocks shared by the storefront pages: prices (with the
 * compare-at price struck through), product cards, pagination links, form
 * fields with labels and errors, and the few extra CSS rules the shopping
 * pages need on top of the shared stylesheet. Money is integer minor units.
 */
import type { Child } from 'hono/jsx';
import { formatMoney } from '../../lib/money.js';
import { CardStars } from './stars.js';

/** Extra rules for the shopping pages (facets column, product layout, cart table). Kept tiny on purpose. */
export const SHOP_CSS = `
.shop{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}
@media(min-width:52rem){.shop{grid-template-columns:14rem minmax(0,1fr)}.product{grid-template-columns:1fr 1fr}}
.facets fieldset{border:0;padding:0;margin:0 0 1rem}.facets legend{font-weight:700;margin-bottom:.3rem}
.facets ul{list-style:none;padding:0;margin:0}.facets li{margin:.15rem 0}
.toolbar{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;justify-content:space-between;margin-bottom:1rem}
.pager{display:flex;gap:1rem;margin-top:1.5rem}
.product{display:grid;gap:2rem}
.stock-in{color:#1e6b34;font-weight:600}.stock-out{color:#b3261e;font-weight:600}
.qty{width:5rem}.inline{display:inline}
.totals{max-width:24rem;margin-left:auto}.totals td{text-align:right}
.steps{display:grid;gap:1.5rem}@media(min-width:52rem){.steps{grid-template-columns:minmax(0,2fr) minmax(0,1fr)}}
.timeline{list-style:none;padding:0 0 0 1rem;border-left:3px solid var(--c-border);margin:0 0 1rem}.timeline li{margin:.4rem 0}
.review td,.review th,.totals-table td{overflow-wrap:anywhere}.totals-table{width:100%}.totals-table td{text-align:right}
fieldset{min-width:0}.product>*{min-width:0}@media(max-width:52rem){.product{grid-template-columns:minmax(0,1fr)}}
@media(max-width:40rem){.cart-table thead{display:none}.cart-table tr{display:grid;grid-template-columns:minmax(0,1fr) auto;grid-template-areas:"name total" "qty remove";gap:.25rem .75rem;border-bottom:1px solid var(--c-border);padding:.5rem 0}
.cart-table th,.cart-table td{border:0;padding:.25rem 0}.cart-table .c-price{display:none}.c-name{grid-area:name}.c-total{grid-area:total;text-align:right}.c-qty{grid-area:qty}.c-remove{grid-area:remove;text-align:right}}
fieldset.group{border:1px solid var(--c-border);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
`;

export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

export function Price(props: {
  amount: number;
  currency: string;
  compareAt?: number | null;
  from?: boolean;
}) {
  const showCompare = props.compareAt != null && props.compareAt > props.amount;
  return (
    <span class="price-line">
      <span class="price">
        {props.from ? 'From ' : ''}
        {money(props.amount, props.currency)}
      </span>
      {showCompare ? (
        <>
          {' '}
          <span class="visually-hidden">was</span>
          <s class="compare-at">{money(props.compareAt!, props.currency)}</s>
        </>
      ) : null}
    </span>
  );
}

export interface CardProduct {
  handle: string;
  title: string;
  price: number;
  compareAtPrice?: number | null;
  inStock: boolean;
  image?: { url: string; alt: string } | null;
  /** A badge before the price (the sale badge from ./promo-badges.tsx). */
  badge?: Child;
}

export function ProductCard(props: { product: CardProduct; currency: string }) {
  const p = props.product;
  return (
    <li class="card product-card">
      <a href={`/products/${encodeURIComponent(p.handle)}`}>
        {p.image ? <img src={p.image.url} alt={p.image.alt || p.title} loading="lazy" /> : null}
        <h3>{p.title}</h3>
      </a>
      <p>
        {p.badge ? <>{p.badge} </> : null}
        <Price amount={p.price} currency={props.currency} compareAt={p.compareAtPrice} />
        {p.inStock ? null : <span class="stock-out"> · Sold out</span>}
      </p>
      <CardStars handle={p.handle} />
    </li>
  );
}

export function ProductGrid(props: { products: CardProduct[]; currency: string; label: string }) {
  if (props.products.length === 0) return <p class="notice">No products match.</p>;
  return (
    <ul class="grid products" aria-label={props.label} style="list-style:none;padding:0">
      {props.products.map((p) => (
        <ProductCard product={p} currency={props.currency} />
      ))}
    </ul>
  );
}

export function Field(props: {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string;
  required?: boolean;
  autocomplete?: string;
  error?: string;
  hint?: string;
}) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.error ? (
        <span class="error-text" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The shopper's e-mail field, one way on every form that asks for it
 * (checkout contact, sign-in and registration, changing the address, the
 * reset request): type email, autocomplete email, required.
 */
export function EmailField(props: {
  id?: string;
  label?: string;
  value?: string;
  error?: string;
  hint?: string;
}) {
  return (
    <Field
      id={props.id ?? 'email'}
      name="email"
      label={props.label ?? 'E-mail'}
      type="email"
      value={props.value}
      required
      autocomplete="email"
      error={props.error}
      hint={props.hint}
    />
  );
}

export function Notice(props: { kind?: 'error' | 'info'; children?: Child }) {
  return (
    <div
      class={props.kind === 'error' ? 'notice error' : 'notice'}
      role={props.kind === 'error' ? 'alert' : 'status'}
    >
      {props.children}
    </div>
  );
}

/** Hidden CSRF field for cookie-authenticated form posts. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
