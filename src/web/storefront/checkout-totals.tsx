/**
 * The checkout's order review: the items and every total the order will be
 * charged (subtotal, discount, shipping, tax, total — the checkout quote's
 * numbers), then "Update totals" (the no-JavaScript way to re-price) and
 * "Place order". The totals block is `data-live`: the page script swaps it.
 */
import type { CartQuote } from '../../flows/checkout/quote-cart.js';
import { money } from './components.js';
import type { Cart } from './data.js';

export function OrderReview(props: { cart: Cart; quote: CartQuote | null }) {
  const { cart } = props;
  const currency = cart.currency;
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading" style="margin-top:0">
        Review your order
      </h2>
      <table class="table review">
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
      </table>
      <Totals cart={cart} quote={props.quote} />
      <p>
        <a href="/cart">Edit cart</a>
      </p>
      <p class="actions">
        <button class="btn btn-secondary" type="submit" name="intent" value="update">
          Update totals
        </button>{' '}
        <button class="btn" type="submit" name="intent" value="place">
          Place order
        </button>
      </p>
    </section>
  );
}

function Totals(props: { cart: Cart; quote: CartQuote | null }) {
  const q = props.quote;
  const currency = props.cart.currency;
  if (!q) {
    return (
      <div id="totals" data-live aria-live="polite">
        <p>
          Subtotal: <strong>{money(props.cart.subtotal, currency)}</strong>
        </p>
        <p class="muted">Choose a country we ship to to see shipping, tax and the total.</p>
      </div>
    );
  }
  const row = (label: string, amount: string, id: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td id={id}>{amount}</td>
    </tr>
  );
  return (
    <div id="totals" data-live aria-live="polite">
      <table class="table totals-table">
        <caption class="visually-hidden">Totals</caption>
        <tbody>
          {row('Subtotal', money(q.subtotal, currency), 'total-subtotal')}
          {q.discount > 0 ? row('Discount', `−${money(q.discount, currency)}`, 'total-discount') : null}
          {row('Shipping', q.shipping === 0 ? 'Free' : money(q.shipping, currency), 'total-shipping')}
          {row(q.taxInclusive ? 'Tax (included)' : 'Tax', money(q.tax, currency), 'total-tax')}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td id="total-total">
              <strong>{money(q.total, currency)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
