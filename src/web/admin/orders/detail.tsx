/**
 * Admin › Orders › one order: lines with shipped/refunded counts, totals,
 * customer, shipping address, payment, shipments, refunds and the timeline,
 * with the actions the order's state and the member's role allow (staff do
 * not see refunds; cancel and mark-paid ask first).
 */
import type { Context } from 'hono';
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
import { Address, Lines, Payment, Shipments, Totals } from './detail-parts.js';
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
