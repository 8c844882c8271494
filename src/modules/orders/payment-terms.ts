/**
 * What a shopper paying by hand is told, in one place for the confirmation
 * page, the order e-mail and the reminder: the method's name, the deadline
 * and the paragraph around the merchant's instructions. (The settings behind
 * them are the payment-settings module's; this is the order's side.)
 */

import { formatDate } from '../../lib/dates.js';

export type ManualMethod = 'transfer' | 'cash_on_delivery';

/** What the shopper was told at checkout (kept in the order's `placed` event). */
export interface ManualPaymentTerms {
  method: ManualMethod;
  instructions: string;
}

/** The manual method's name as shoppers read it. */
export function manualMethodLabel(method: ManualMethod): string {
  return method === 'cash_on_delivery' ? 'Cash on delivery' : 'Bank transfer';
}

/** A payment deadline as shoppers read it ("December 9, 2026"), in UTC like the rest of the store's dates. */
export function deadlineText(at: Date | string): string {
  // A kept formatter (src/lib/dates.ts): once per checkout with manual payment, in its transaction.
  return formatDate(at, 'en-US', { dateStyle: 'long', timeZone: 'UTC' });
}

/** The paragraph the confirmation page and e-mails give a manual-payment shopper. */
export function howToPayText(p: ManualPaymentTerms & { dueAt: Date | string }): string {
  const deadline = deadlineText(p.dueAt);
  return p.method === 'cash_on_delivery'
    ? `${p.instructions}\n\nIf the order cannot be delivered by ${deadline}, it is cancelled.`
    : `${p.instructions}\n\nPlease pay by ${deadline}. If your payment has not arrived by then, the order is cancelled and the items are released. We will remind you a day before.`;
}

/** The manual payment terms in a `placed` event's data, if the order was placed with them. */
export function paymentTermsOf(data: Record<string, unknown> | undefined): ManualPaymentTerms | null {
  const p = data?.payment as Partial<ManualPaymentTerms> | undefined;
  if (!p || typeof p.instructions !== 'string') return null;
  return {
    method: p.method === 'cash_on_delivery' ? 'cash_on_delivery' : 'transfer',
    instructions: p.instructions,
  };
}
