/**
 * The e-mails a placed order sends (as outbox events, written with the
 * order): the shopper's confirmation and one notice per store owner. Texts
 * name the order number by ORDER_NUMBER_TOKEN; the order's insert fills it in.
 */
import { formatMoney } from '../../lib/money.js';
import type { CartLineRow } from '../../modules/cart/repository.js';
import { howToPayText, type ManualMethod, manualMethodLabel } from '../../modules/orders/payment-terms.js';
import { ORDER_NUMBER_TOKEN } from '../../modules/orders/repository.js';
import {
  type OrderPromotionNote,
  orderPromotionNoteText,
} from '../../modules/promotion-rules/order-notes.js';
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
  /** Promotions the shopper saw that the order could not honour: the confirmation says why. */
  promotionNotes?: readonly OrderPromotionNote[];
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

/** "Promotions not applied" for the confirmation e-mail (empty when none). */
function promotionNotesText(
  lines: readonly CartLineRow[],
  notes: readonly OrderPromotionNote[],
  currency: string,
): string {
  if (notes.length === 0) return '';
  const title = (id: string) => lines.find((l) => l.variant_id === id)?.product_title ?? 'an item';
  return [
    'Promotions not applied:',
    ...notes.map((n) => `- ${orderPromotionNoteText(n, title(n.variantId), currency)}`),
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
  const notes = promotionNotesText(input.lines, input.promotionNotes ?? [], input.quote.currency);
  const body = notes ? `${text}\n\n${notes}` : text;
  const confirmation = input.payment
    ? `Thank you for your order #${number}.\n\nHow to pay (${manualMethodLabel(input.payment.method)}):\n${howToPayText(input.payment)}\n\n${body}`
    : `Thank you for your order #${number}.\n\n${body}`;
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
