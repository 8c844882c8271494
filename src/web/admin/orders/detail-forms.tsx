/**
 * The order page's action forms: ship items (per line, carrier, tracking),
 * refund (per line with restock, or an amount; a review step confirms the
 * money before it moves) and a note. Each keeps what the merchant typed and
 * shows the server's message next to the field after a 400.
 */
import type { Child } from 'hono/jsx';
import { formatMoney, toDecimalString } from '../../../lib/money.js';
import type { OrderDetail } from '../../../modules/orders/schemas.js';
import { Button, Field, Textarea } from '../../components/ui.js';
import { ItemCell, ItemsTable } from './detail-parts.js';

export type Typed = Record<string, string>;
export type FieldErrors = Record<string, string>;

export const leftToShip = (l: OrderDetail['lines'][number]) =>
  Math.max(0, l.quantity - l.fulfilledQuantity - l.refundedQuantity);

function QtyInput(props: { name: string; value: string; max: number; label: string; error?: string }) {
  const id = `f-${props.name}`;
  return (
    <>
      <label class="visually-hidden" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        inputmode="numeric"
        value={props.value}
        style="width:4.5rem"
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      <span class="muted"> of {props.max}</span>
      {props.error ? (
        <span class="error-text" id={`${id}-error`}>
          <br />
          {props.error}
        </span>
      ) : null}
    </>
  );
}

export function FulfilForm(props: { order: OrderDetail; csrf: Child; typed: Typed; errors: FieldErrors }) {
  const { order, typed, errors } = props;
  const lines = order.lines.filter((l) => leftToShip(l) > 0);
  return (
    <form method="post" action={`/admin/orders/${order.id}/fulfil`} id="fulfil">
      {props.csrf}
      <ItemsTable label="Items to ship" headers={['Item', 'Ship now']}>
        {lines.map((l) => (
          <tr>
            <ItemCell title={l.title} sub={l.sku} />
            <td>
              <QtyInput
                name={`ship_${l.id}`}
                value={typed[`ship_${l.id}`] ?? String(leftToShip(l))}
                max={leftToShip(l)}
                label={`Units of ${l.title} to ship`}
                error={errors[`ship_${l.id}`]}
              />
            </td>
          </tr>
        ))}
      </ItemsTable>
      {errors.lines ? <p class="error-text">{errors.lines}</p> : null}
      <div class="form-grid" style="margin-top:.75rem">
        <Field
          name="carrier"
          label="Carrier"
          value={typed.carrier}
          error={errors.carrier}
          maxlength={100}
          placeholder="e.g. UPS"
        />
        <Field
          name="trackingNumber"
          label="Tracking number"
          value={typed.trackingNumber}
          error={errors.trackingNumber}
          maxlength={200}
        />
        <Field
          name="trackingUrl"
          label="Tracking link"
          type="url"
          value={typed.trackingUrl}
          error={errors.trackingUrl}
          placeholder="https://"
        />
      </div>
      <div class="form-actions">
        <Button>Ship items</Button>
      </div>
      <p class="muted">The customer gets an e-mail with the tracking details.</p>
    </form>
  );
}

export function RefundForm(props: { order: OrderDetail; csrf: Child; typed: Typed; errors: FieldErrors }) {
  const { order, typed, errors } = props;
  const left = order.total - order.refunded;
  const lines = order.lines.filter((l) => l.quantity > l.refundedQuantity);
  return (
    <form method="post" action={`/admin/orders/${order.id}/refund`} id="refund">
      {props.csrf}
      <ItemsTable label="Items to refund" headers={['Item', 'Refund', 'Put back in stock']}>
        {lines.map((l) => (
          <tr>
            <ItemCell title={l.title} sub={`${formatMoney(l.unitPrice, order.currency)} each`} />
            <td>
              <QtyInput
                name={`refund_${l.id}`}
                value={typed[`refund_${l.id}`] ?? '0'}
                max={l.quantity - l.refundedQuantity}
                label={`Units of ${l.title} to refund`}
                error={errors[`refund_${l.id}`]}
              />
            </td>
            <td>
              <input
                type="checkbox"
                id={`f-restock_${l.id}`}
                name={`restock_${l.id}`}
                value="on"
                checked={typed[`restock_${l.id}`] === 'on'}
                disabled={!l.variantId}
              />{' '}
              <label for={`f-restock_${l.id}`}>
                Restock<span class="visually-hidden"> {l.title}</span>
              </label>
              {errors[`restock_${l.id}`] ? (
                <span class="error-text"> {errors[`restock_${l.id}`]}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </ItemsTable>
      <div class="form-grid" style="margin-top:.75rem">
        <Field
          name="amount"
          label={`Amount (${order.currency})`}
          inputmode="decimal"
          value={typed.amount}
          error={errors.amount}
          hint={`Empty: the chosen items' value. At most ${formatMoney(left, order.currency)}.`}
          placeholder={toDecimalString(0, order.currency)}
        />
        <Field
          name="reason"
          label="Reason (for your records)"
          value={typed.reason}
          error={errors.reason}
          maxlength={500}
        />
      </div>
      <div class="form-actions">
        <Button variant="secondary">Review refund</Button>
      </div>
    </form>
  );
}

/** The review step: what will be refunded, and the real POST (with confirm=yes). */
export function RefundReview(props: {
  order: OrderDetail;
  csrf: Child;
  typed: Typed;
  amount: number;
  units: number;
}) {
  const { order, typed } = props;
  return (
    <div class="notice" role="alertdialog" aria-labelledby="refund-review-h" id="refund-review">
      <h2 id="refund-review-h">Refund {formatMoney(props.amount, order.currency)}?</h2>
      <p>
        {props.units > 0 ? `${props.units} item${props.units === 1 ? '' : 's'} · ` : ''}
        {order.paymentProvider === 'manual'
          ? 'This order was paid outside Storeloom: pay the customer back yourself; Storeloom records the refund.'
          : 'The money goes back to the customer’s card.'}{' '}
        This cannot be undone.
      </p>
      <form method="post" action={`/admin/orders/${order.id}/refund`} class="form-actions">
        {props.csrf}
        {Object.entries(typed).map(([k, v]) =>
          k === '_csrf' ? null : <input type="hidden" name={k} value={v} />,
        )}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="btn btn-danger">
          Refund {formatMoney(props.amount, order.currency)}
        </button>
        <a class="btn btn-secondary" href={`/admin/orders/${order.id}#refund`}>
          Change
        </a>
      </form>
    </div>
  );
}

export function NoteForm(props: { order: OrderDetail; csrf: Child; typed: Typed; errors: FieldErrors }) {
  return (
    <form method="post" action={`/admin/orders/${props.order.id}/notes`} id="note">
      {props.csrf}
      <Textarea
        name="message"
        label="Add a note"
        rows={2}
        maxlength={2000}
        value={props.typed.message}
        error={props.errors.message}
        hint="Only your team sees notes."
      />
      <Button variant="secondary">Add note</Button>
    </form>
  );
}
