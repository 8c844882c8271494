/**
 * The order page (/orders/:id/confirmation: right after checkout and later,
 * from the account): where the order stands (./order-status.tsx), how to pay
 * while unpaid, the timeline, the summary table (shared with the account
 * pages) and the address. Shown only to the browser that placed the order or
 * the shopper who owns it.
 */

import type { Context } from 'hono';
import { isUuid } from '../../lib/db/index.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { findCardPaymentForOrder } from '../../modules/payments/card-payment.js';
import { CardPaymentForm } from './card-payment.js';
import { notFoundPage } from './catalog-pages.js';
import { money } from './components.js';
import { placedOrderIds } from './cookies.js';
import { findOrderForViewer, type OrderDetail } from './data.js';
import {
  PaymentInstructions,
  PostalAddressBlock,
  statusHeadline,
  Timeline,
  Tracking,
} from './order-status.js';
import { pageContext, ShopPage } from './page.js';
import { OrderPromotionNotes } from './promo-badges.js';
import { OrderCare } from './returns-pages.js';

type C = Context<AppEnv>;

export const STATUS_TEXT: Record<string, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  completed: 'Completed',
  cancelled: 'Cancelled',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export function OrderSummaryTable(props: { order: OrderDetail }) {
  const o = props.order;
  const rows: [string, number][] = [['Subtotal', o.subtotal]];
  if (o.discount) rows.push([`Discount${o.discountCode ? ` (${o.discountCode})` : ''}`, -o.discount]);
  rows.push([`Shipping${o.shippingMethod ? ` (${o.shippingMethod})` : ''}`, o.shipping]);
  if (o.tax) rows.push([o.taxInclusive ? 'Tax (included)' : 'Tax', o.tax]);
  return (
    <table class="table">
      <caption class="visually-hidden">Order {o.number}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Qty</th>
          <th scope="col">Price</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {o.lines.map((l) => (
          <tr>
            <th scope="row">{l.title}</th>
            <td>{l.quantity}</td>
            <td>{money(l.unitPrice, o.currency)}</td>
            <td>{money(l.total, o.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {rows.map(([label, amount]) => (
          <tr>
            <th scope="row" colspan={3}>
              {label}
            </th>
            <td>{amount < 0 ? `−${money(-amount, o.currency)}` : money(amount, o.currency)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row" colspan={3}>
            Total
          </th>
          <td>
            <strong id="order-total">{money(o.total, o.currency)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export async function confirmationPage(c: C) {
  const ctx = await pageContext(c);
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) return notFoundPage(c, ctx);
  const order = await findOrderForViewer(ctx.deps, storeOf(c), id, {
    customerId: ctx.shopper?.customerId ?? null,
    placedHere: placedOrderIds(c).includes(id),
  });
  if (!order) return notFoundPage(c, ctx);
  const card =
    order.status === 'pending_payment' && order.paymentProvider === 'stripe'
      ? await findCardPaymentForOrder(ctx.deps, storeOf(c).id, order.id)
      : undefined;
  const head = statusHeadline(order);
  return c.html(
    <ShopPage ctx={ctx} title={`Order ${order.number}`} path={`/orders/${order.id}/confirmation`} noindex>
      <h1 id="order-heading">{head.title}</h1>
      <p role="status">
        {head.text} We e-mail updates to <strong>{order.email}</strong>.
      </p>
      <p>
        Order <strong id="order-number">#{order.number}</strong> · Status:{' '}
        <strong id="order-status">{STATUS_TEXT[order.status] ?? order.status}</strong>
      </p>
      <PaymentInstructions order={order} />
      {card ? <CardPaymentForm card={card} orderId={order.id} /> : null}
      <Tracking order={order} />
      <h2>Progress</h2>
      <Timeline order={order} />
      <h2>Summary</h2>
      <OrderPromotionNotes c={c} order={order} />
      <OrderSummaryTable order={order} />
      <OrderCare c={c} order={order} />
      <h2>Shipping to</h2>
      <PostalAddressBlock address={order.shippingAddress} />
      <p>
        <a href="/">Continue shopping</a>
        {ctx.shopper ? (
          <>
            {' · '}
            <a href="/account">Your orders</a>
          </>
        ) : null}
      </p>
    </ShopPage>,
  );
}
