/**
 * What the order page says about where an order stands: a heading and
 * sentence per real state (awaiting payment with the instructions and the
 * deadline, paid, shipped with tracking, delivered, cancelled, refunded), the
 * shopper-facing timeline and the address in its country's layout.
 */

import { formatDate } from '../../lib/dates.js';
import {
  deadlineText,
  howToPayText,
  manualMethodLabel,
  paymentTermsOf,
} from '../../modules/orders/payment-terms.js';
import { money } from './components.js';
import { formatAddress } from './countries.js';
import type { OrderDetail } from './data.js';

type Event = OrderDetail['timeline'][number];

const eventOf = (o: OrderDetail, type: string): Event | undefined => o.timeline.find((e) => e.type === type);

/** The heading and the first sentence for the order's state. */
export function statusHeadline(o: OrderDetail): { title: string; text: string } {
  const n = `#${o.number}`;
  const terms = paymentTermsOf(eventOf(o, 'placed')?.data);
  switch (o.status) {
    case 'pending_payment':
      if (o.paymentProvider === 'stripe')
        return { title: 'Almost done: pay by card', text: `Order ${n} is waiting for your card payment.` };
      if (terms?.method === 'cash_on_delivery')
        return {
          title: 'Thank you for your order!',
          text: `Order ${n} is placed. You pay in cash when it is delivered.`,
        };
      return {
        title: 'Thank you! Now please pay',
        text: `Order ${n} is placed and waiting for your payment.`,
      };
    case 'paid':
      return { title: 'Payment received', text: `Order ${n} is paid. We are preparing it for shipping.` };
    case 'fulfilled':
      return { title: 'Your order is on its way', text: `Order ${n} has shipped.` };
    case 'completed':
      return { title: 'Delivered', text: `Order ${n} is complete. Enjoy!` };
    case 'cancelled':
      return {
        title: 'This order was cancelled',
        text: eventOf(o, 'expired')
          ? `Order ${n} was cancelled because the payment did not arrive by the deadline. Nothing was charged.`
          : `Order ${n} was cancelled.`,
      };
    case 'partially_refunded':
      return {
        title: 'Partly refunded',
        text: `${money(o.refunded, o.currency)} of order ${n} was refunded.`,
      };
    case 'refunded':
      return {
        title: 'Refunded',
        text: `Order ${n} was refunded in full (${money(o.refunded, o.currency)}).`,
      };
    default:
      return { title: `Order ${n}`, text: '' };
  }
}

/** How to pay, for an unpaid manual-payment order. */
export function PaymentInstructions(props: { order: OrderDetail }) {
  const o = props.order;
  const terms = paymentTermsOf(eventOf(o, 'placed')?.data);
  if (o.status !== 'pending_payment' || !terms || !o.reservationExpiresAt) return null;
  const [instructions, ...rest] = howToPayText({ ...terms, dueAt: o.reservationExpiresAt }).split('\n\n');
  return (
    <section class="notice" aria-labelledby="pay-heading" id="payment-instructions">
      <h2 id="pay-heading" style="margin-top:0">
        How to pay: {manualMethodLabel(terms.method)}
      </h2>
      <p style="white-space:pre-line">{instructions}</p>
      <p>
        Amount: <strong>{money(o.total, o.currency)}</strong> · Reference: <strong>#{o.number}</strong>
      </p>
      {rest.map((p) => (
        <p>{p}</p>
      ))}
    </section>
  );
}

/** Shipped: the carrier, the tracking number and its link when the store gave one. */
export function Tracking(props: { order: OrderDetail }) {
  const o = props.order;
  if (!o.trackingNumber) return null;
  const data = eventOf(o, 'fulfilled')?.data ?? {};
  const url =
    typeof data.trackingUrl === 'string' && /^https:\/\//.test(data.trackingUrl) ? data.trackingUrl : null;
  const carrier = typeof data.carrier === 'string' ? data.carrier : null;
  return (
    <p id="tracking">
      {carrier ? `${carrier} tracking` : 'Tracking'} number:{' '}
      {url ? (
        <a href={url} rel="noopener noreferrer">
          {o.trackingNumber}
        </a>
      ) : (
        <strong>{o.trackingNumber}</strong>
      )}
    </p>
  );
}

const TIMELINE_TEXT: Record<string, string> = {
  placed: 'Order placed',
  payment_reminder: 'Payment reminder sent',
  paid: 'Payment received',
  fulfilled: 'Shipped',
  completed: 'Delivered',
  cancelled: 'Cancelled',
  expired: 'Cancelled: payment did not arrive in time',
  refunded: 'Refund issued',
};

const when = (iso: string) =>
  formatDate(iso, 'en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The shopper's timeline: the order's events a shopper cares about, oldest first. */
export function Timeline(props: { order: OrderDetail }) {
  const o = props.order;
  const events = o.timeline.filter((e) => TIMELINE_TEXT[e.type]);
  const pending = o.status === 'pending_payment' && o.reservationExpiresAt;
  return (
    <ol class="timeline" id="order-timeline">
      {events.map((e) => (
        <li>
          <strong>{TIMELINE_TEXT[e.type]}</strong> <span class="muted">{when(e.createdAt)} UTC</span>
        </li>
      ))}
      {pending ? (
        <li class="muted">Pay by {deadlineText(o.reservationExpiresAt!)}, or the order is cancelled</li>
      ) : null}
    </ol>
  );
}

export function PostalAddressBlock(props: { address: Record<string, unknown> }) {
  const lines = formatAddress(props.address);
  return (
    <address id="shipping-address">
      {lines.map((l, i) => (
        <>
          {i > 0 ? <br /> : null}
          {l}
        </>
      ))}
    </address>
  );
}
