/**
 * The order page's read-only parts: items with shipped/refunded counts,
 * totals, the shipping address, payment with refunds, and shipments; and the
 * items table the page and its action forms (detail-forms.tsx) share.
 */
import type { Child } from 'hono/jsx';
import { formatMoney } from '../../../lib/money.js';
import type { OrderDetail } from '../../../modules/orders/schemas.js';
import { StatusBadge } from '../../components/ui.js';
import { statusLabel } from './list.js';

/**
 * A scrollable, captioned table of order lines (the caption is for screen readers). With `stack`, on a
 * phone each line becomes a card (ItemCell its heading, the other cells labelled by their `data-label`).
 */
export function ItemsTable(props: {
  label: string;
  headers: readonly (string | { label: string; num: true })[];
  stack?: boolean;
  children?: Child;
}) {
  return (
    <div
      class={props.stack ? 'table-wrap stack' : 'table-wrap'}
      tabindex={0}
      role="region"
      aria-label={props.label}
    >
      <table class="table">
        <caption class="visually-hidden">{props.label}</caption>
        <thead>
          <tr>
            {props.headers.map((h) =>
              typeof h === 'string' ? (
                <th scope="col">{h}</th>
              ) : (
                <th scope="col" class="num">
                  {h.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** An order line's first cell: its title, and a muted line under it (SKU, unit price). */
export function ItemCell(props: { title: string; sub: Child }) {
  return (
    <td class="heading">
      {props.title}
      <br />
      <span class="muted">{props.sub}</span>
    </td>
  );
}

export function Lines(props: { order: OrderDetail }) {
  const o = props.order;
  const m = (n: number) => formatMoney(n, o.currency);
  return (
    <ItemsTable
      label="Items"
      stack
      headers={[
        'Item',
        { label: 'Qty', num: true },
        { label: 'Shipped', num: true },
        { label: 'Refunded', num: true },
        { label: 'Price', num: true },
        { label: 'Total', num: true },
      ]}
    >
      {o.lines.map((l) => (
        <tr>
          <ItemCell title={l.title} sub={l.sku} />
          <td class="num" data-label="Qty">
            {l.quantity}
          </td>
          <td class="num" data-label="Shipped">
            {l.fulfilledQuantity}
          </td>
          <td class="num" data-label="Refunded">
            <div class="cell">
              {l.refundedQuantity}
              {l.restockedQuantity ? <span class="muted"> ({l.restockedQuantity} restocked)</span> : null}
            </div>
          </td>
          <td class="num" data-label="Price">
            {m(l.unitPrice)}
          </td>
          <td class="num" data-label="Total">
            {m(l.total)}
          </td>
        </tr>
      ))}
    </ItemsTable>
  );
}

export function Totals(props: { order: OrderDetail }) {
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

export function Address(props: { a: Record<string, unknown> }) {
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

export function Payment(props: { order: OrderDetail }) {
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

export function Shipments(props: { order: OrderDetail }) {
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
