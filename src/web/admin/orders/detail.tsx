/**
 * Admin › Orders › one order: lines with shipped/refunded counts, totals,
 * customer, shipping address, payment, shipments, refunds and the timeline,
 * with the actions the order's state and the member's role allow (staff do
 * not see refunds; cancel and mark-paid ask first).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { notFound } from '../../../lib/errors.js';
import type { AppEnv } from '../../../lib/http/context.js';
import { csrfInput } from '../../../lib/http/csrf.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { formatMoney } from '../../../lib/money.js';
import { type OrderDetail, ZOrderParam } from '../../../modules/orders/schemas.js';
import { getOrderDetail } from '../../../modules/orders/service.js';
import { Button, Card, ConfirmDialog, StatusBadge } from '../../components/ui.js';
import { noticeFrom } from '../../notices.js';
import { adminPage, roleAtLeast } from '../layout.js';
import {
  type FieldErrors,
  FulfilForm,
  leftToShip,
  NoteForm,
  RefundForm,
  RefundReview,
  type Typed,
} from './detail-forms.js';
import { fulfilmentLabel, statusLabel } from './list.js';
import { OrderTimeline } from './timeline.js';

type Ctx = Context<AppEnv>;

export const ORDER_NOTICES = {
  paid: 'Order marked paid.',
  shipped: 'Shipment recorded. The customer was e-mailed.',
  cancelled: 'Order cancelled. Its stock is available again.',
  completed: 'Order completed.',
  refunded: 'Refund recorded.',
  noted: 'Note added.',
  resent: 'Confirmation e-mailed to the customer again.',
} as const;

/** The :id of an order path; anything but a UUID is simply not an order (404). */
export function orderIdOf(c: Ctx): string {
  const parsed = ZOrderParam.safeParse({ id: c.req.param('id') });
  if (!parsed.success) throw notFound('Order');
  return parsed.data.id;
}

export interface DetailState {
  typed?: Typed;
  errors?: FieldErrors;
  error?: string;
  status?: 200 | 400 | 404 | 409;
  review?: { amount: number; units: number };
}

function Lines(props: { order: OrderDetail }) {
  const o = props.order;
  const m = (n: number) => formatMoney(n, o.currency);
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="Items">
      <table class="table">
        <caption class="visually-hidden">Items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Qty
            </th>
            <th scope="col" class="num">
              Shipped
            </th>
            <th scope="col" class="num">
              Refunded
            </th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {o.lines.map((l) => (
            <tr>
              <td>
                {l.title}
                <br />
                <span class="muted">{l.sku}</span>
              </td>
              <td class="num">{l.quantity}</td>
              <td class="num">{l.fulfilledQuantity}</td>
              <td class="num">
                {l.refundedQuantity}
                {l.restockedQuantity ? <span class="muted"> ({l.restockedQuantity} restocked)</span> : null}
              </td>
              <td class="num">{m(l.unitPrice)}</td>
              <td class="num">{m(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Totals(props: { order: OrderDetail }) {
  const o = props.order;
  const m = (n: number) => formatMoney(n, o.currency);
  const row = (label: Child, value: string, strong = false) => (
    <tr>
      <td>{label}</td>
      <td class="num">{strong ? <strong>{value}</strong> : value}</td>
    </tr>
  );
  return (
    <table class="table" style="margin-top:.75rem">
      <caption class="visually-hidden">Totals</caption>
      <tbody>
        {row('Subtotal', m(o.subtotal))}
        {o.discount
          ? row(`Discount${o.discountCode ? ` (${o.discountCode})` : ''}`, `−${m(o.discount)}`)
          : null}
        {row(`Shipping${o.shippingMethod ? ` · ${o.shippingMethod}` : ''}`, m(o.shipping))}
        {row(o.taxInclusive ? 'Tax (included)' : 'Tax', m(o.tax))}
        {row('Total', m(o.total), true)}
        {o.refunded ? row('Refunded', `−${m(o.refunded)}`) : null}
        {o.refunded ? row('Net', m(o.total - o.refunded), true) : null}
      </tbody>
    </table>
  );
}

function Address(props: { a: Record<string, unknown> }) {
  const s = (k: string) => (typeof props.a[k] === 'string' ? (props.a[k] as string) : '');
  return (
    <address style="font-style:normal">
      {s('name')}
      <br />
      {s('line1')}
      {s('line2') ? (
        <>
          <br />
          {s('line2')}
        </>
      ) : null}
      <br />
      {s('postalCode')} {s('city')}
      <br />
      {s('country')}
    </address>
  );
}

function Payment(props: { order: OrderDetail }) {
  const o = props.order;
  const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
  return (
    <dl>
      <dt>Method</dt>
      <dd>{o.paymentProvider === 'manual' ? 'Manual payment (bank transfer or cash)' : 'Card (Stripe)'}</dd>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={o.status} label={statusLabel(o.status)} />
      </dd>
      <dt>Paid</dt>
      <dd>{when(o.paidAt)} UTC</dd>
      {o.refunds.map((r) => (
        <>
          <dt>Refund {when(r.createdAt)} UTC</dt>
          <dd>
            {formatMoney(r.amount, o.currency)}{' '}
            {r.provider === 'manual' ? '(recorded, paid back by you)' : '(to the card)'}
            {r.reason ? ` — ${r.reason}` : ''}
          </dd>
        </>
      ))}
    </dl>
  );
}

function Shipments(props: { order: OrderDetail }) {
  const o = props.order;
  const title = (id: string) => o.lines.find((l) => l.id === id)?.title ?? 'Item';
  if (o.shipments.length === 0) return <p class="muted">Nothing shipped yet.</p>;
  return (
    <ul>
      {o.shipments.map((s, i) => (
        <li>
          <strong>Shipment {i + 1}</strong> · {s.createdAt.slice(0, 10)} {s.carrier ? `· ${s.carrier}` : ''}{' '}
          {s.trackingNumber ? (
            s.trackingUrl ? (
              <a href={s.trackingUrl} rel="noopener noreferrer">
                {s.trackingNumber}
              </a>
            ) : (
              s.trackingNumber
            )
          ) : null}
          <br />
          <span class="muted">{s.lines.map((l) => `${l.quantity} × ${title(l.lineId)}`).join(', ')}</span>
        </li>
      ))}
    </ul>
  );
}

function HeaderActions(props: { c: Ctx; order: OrderDetail }) {
  const { c, order: o } = props;
  const csrf = csrfInput(c);
  return (
    <>
      <Button variant="secondary" href={`/admin/orders/${o.id}/packing-slip`}>
        Packing slip
      </Button>
      <form method="post" action={`/admin/orders/${o.id}/resend-confirmation`} class="inline-form">
        {csrf}
        <Button variant="secondary">Resend confirmation</Button>
      </form>
      {o.status === 'pending_payment' && o.paymentProvider === 'manual' ? (
        <ConfirmDialog
          action={`/admin/orders/${o.id}/mark-paid`}
          csrf={csrf}
          label="Mark paid"
          variant="secondary"
          confirmLabel="Yes, mark paid"
          message={`Did ${formatMoney(o.total, o.currency)} arrive? Marking the order paid turns its held stock into a sale.`}
        />
      ) : null}
      {o.status === 'fulfilled' ? (
        <ConfirmDialog
          action={`/admin/orders/${o.id}/complete`}
          csrf={csrf}
          label="Complete"
          variant="secondary"
          confirmLabel="Complete order"
          message="Mark this order completed? It leaves the list of orders to handle."
        />
      ) : null}
      {o.status === 'pending_payment' ? (
        <ConfirmDialog
          action={`/admin/orders/${o.id}/cancel`}
          csrf={csrf}
          label="Cancel order"
          confirmLabel="Cancel order"
          message="Cancel this order? Its held stock becomes available again and the customer is e-mailed."
        />
      ) : null}
    </>
  );
}

export async function renderOrderDetail(c: Ctx, orderId: string, state: DetailState = {}): Promise<Response> {
  const o = await getOrderDetail(c.get('deps').db, storeOf(c).id, orderId);
  const csrf = csrfInput(c);
  const typed = state.typed ?? {};
  const errors = state.errors ?? {};
  const shippable =
    ['paid', 'partially_refunded'].includes(o.status) &&
    o.lines.some((l) => leftToShip(l) > 0) &&
    o.fulfilmentStatus !== 'fulfilled';
  const refundable =
    roleAtLeast(c, 'admin') && ['paid', 'fulfilled', 'completed', 'partially_refunded'].includes(o.status);
  return adminPage(
    c,
    {
      title: `Order #${o.number}`,
      current: 'orders',
      back: { href: '/admin/orders', label: 'Orders' },
      actions: <HeaderActions c={c} order={o} />,
      notice: noticeFrom(c, ORDER_NOTICES),
      error: state.error,
      status: state.status,
    },
    <>
      <p class="row">
        <StatusBadge status={o.status} label={statusLabel(o.status)} />
        <StatusBadge
          status={o.fulfilmentStatus === 'partial' ? 'partially_fulfilled' : o.fulfilmentStatus}
          label={fulfilmentLabel(o.fulfilmentStatus)}
        />
        <span class="muted">Placed {o.placedAt.slice(0, 16).replace('T', ' ')} UTC</span>
      </p>
      {state.review ? (
        <RefundReview
          order={o}
          csrf={csrf}
          typed={typed}
          amount={state.review.amount}
          units={state.review.units}
        />
      ) : null}
      <Card title="Items">
        <Lines order={o} />
        <Totals order={o} />
      </Card>
      <div class="cards">
        <Card title="Customer">
          <p>
            {typeof o.shippingAddress.name === 'string' ? o.shippingAddress.name : ''}
            <br />
            <a href={`mailto:${o.email}`}>{o.email}</a>
          </p>
          <p>
            <a href={`/admin/orders?q=${encodeURIComponent(o.email)}`}>Orders from this e-mail</a>
          </p>
        </Card>
        <Card title="Ship to">
          <Address a={o.shippingAddress} />
        </Card>
        <Card title="Payment">
          <Payment order={o} />
        </Card>
      </div>
      <Card title="Shipments">
        <Shipments order={o} />
        {shippable ? <FulfilForm order={o} csrf={csrf} typed={typed} errors={errors} /> : null}
      </Card>
      {refundable ? (
        <Card title="Refund">
          <RefundForm order={o} csrf={csrf} typed={typed} errors={errors} />
        </Card>
      ) : null}
      <Card title="Timeline">
        <NoteForm order={o} csrf={csrf} typed={typed} errors={errors} />
        <OrderTimeline order={o} />
      </Card>
    </>,
  );
}
