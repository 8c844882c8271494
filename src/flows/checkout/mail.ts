/**
 * The e-mails a placed order sends (as outbox events, written with the
 * order): the shopper's confirmation and one notice per store owner. Texts
 * name the order number by ORDER_NUMBER_TOKEN; the order's insert fills it in.
 */
import { formatMoney } from '../../lib/money.js';
import type { CartLineRow } from '../../modules/cart/repository.js';
import { howToPayText, type ManualMethod, manualMethodLabel } from '../../modules/orders/payment-terms.js';
import { ORDER_NUMBER_TOKEN } from '../../modules/orders/repository.js';
import { type ConfirmationPick, confirmationPicksText } from '../../modules/recommendations/confirmation.js';
import type { Quote } from './quote.js';

export interface OrderMailInput {
  storeName: string;
  email: string;
  owners: readonly string[];
  lines: readonly CartLineRow[];
  quote: Quote;
  /** Manual payment: what to do and by when (card payments: null). */
  payment: { method: ManualMethod; instructions: string; dueAt: Date } | null;
  /** "You might also like" in the shopper's confirmation (none: no block). */
  picks?: { items: readonly ConfirmationPick[]; storeUrl: string };
}

export interface MailEvent {
  topic: 'email.send';
  payload: { to: string; subject: string; text: string };
}

/** The order as text: one row per line, then the totals. */
export function orderSummaryText(lines: readonly CartLineRow[], quote: Quote): string {
  const money = (n: number) => formatMoney(n, quote.currency);
  return [
    ...lines.map(
      (l, i) => `${l.quantity} × ${l.product_title} (${l.sku}) — ${money(quote.lineTotals[i] ?? 0)}`,
    ),
    '',
    `Subtotal: ${money(quote.subtotal)}`,
    ...(quote.discount ? [`Discount: −${money(quote.discount)}`] : []),
    `Shipping: ${money(quote.shipping)}`,
    `Tax${quote.taxInclusive ? ' (included)' : ''}: ${money(quote.tax)}`,
    `Total: ${money(quote.total)}`,
  ].join('\n');
}

/** The confirmation to the shopper, then a notice to each owner. */
export function orderPlacedMails(input: OrderMailInput): MailEvent[] {
  const number = ORDER_NUMBER_TOKEN;
  const text = orderSummaryText(input.lines, input.quote);
  const total = formatMoney(input.quote.total, input.quote.currency);
  const mail = (to: string, subject: string, body: string): MailEvent => ({
    topic: 'email.send',
    payload: { to, subject, text: body },
  });
  const picks = input.picks
    ? confirmationPicksText(input.picks.items, input.quote.currency, input.picks.storeUrl)
    : '';
  const confirmation = input.payment
    ? `Thank you for your order #${number}.\n\nHow to pay (${manualMethodLabel(input.payment.method)}):\n${howToPayText(input.payment)}\n\n${text}`
    : `Thank you for your order #${number}.\n\n${text}`;
  return [
    mail(
      input.email,
      `Order #${number} at ${input.storeName}`,
      picks ? `${confirmation}\n\n${picks}` : confirmation,
    ),
    ...input.owners.map((to) =>
      mail(to, `New order #${number} (${total})`, `From ${input.email}\n\n${text}`),
    ),
  ];
}
