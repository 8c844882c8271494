/** The order's timeline in words (newest first): what happened, when, and by whom. */
import { formatMoney } from '../../../lib/money.js';
import type { OrderDetail } from '../../../modules/orders/schemas.js';

type Event = OrderDetail['timeline'][number];

function describe(e: Event, o: OrderDetail): string {
  const d = e.data as Record<string, unknown>;
  const money = (n: unknown) => (typeof n === 'number' ? formatMoney(n, o.currency) : '');
  const tracking = typeof d.trackingNumber === 'string' ? ` (tracking ${d.trackingNumber})` : '';
  switch (e.type) {
    case 'placed':
      return 'Order placed';
    case 'paid':
      return 'Payment received';
    case 'shipment':
      return `Part of the order shipped${tracking}`;
    case 'fulfilled':
      return `Order shipped${tracking}`;
    case 'completed':
      return 'Order completed';
    case 'cancelled':
      return 'Order cancelled';
    case 'expired':
      return 'Cancelled: payment did not arrive in time';
    case 'refunded':
      return `Refunded ${money(d.amount)}`;
    case 'restocked':
      return 'Refunded items put back in stock';
    case 'note':
      return `Note: ${e.message}`;
    case 'confirmation_resent':
      return 'Order confirmation e-mailed again';
    default:
      return e.message || e.type.replace(/_/g, ' ');
  }
}

const WHO: Record<string, string> = { user: 'your team', customer: 'the customer', system: 'Storeloom' };

export function OrderTimeline(props: { order: OrderDetail }) {
  const events = [...props.order.timeline].reverse();
  return (
    <ol class="timeline" style="list-style:none;padding:0;margin:1rem 0 0">
      {events.map((e) => (
        <li style="padding:.4rem 0;border-top:1px solid var(--c-border)">
          <strong>{describe(e, props.order)}</strong>
          <br />
          <span class="muted">
            {e.createdAt.slice(0, 16).replace('T', ' ')} UTC · by {WHO[e.actorType] ?? 'Storeloom'}
          </span>
        </li>
      ))}
    </ol>
  );
}
