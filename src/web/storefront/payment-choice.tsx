/**
 * The checkout's payment part: when the store takes both card (Stripe) and
 * manual payment the shopper chooses (radio buttons, card by default; the
 * order follows the choice through the checkout flow's `paymentMethod`);
 * otherwise a sentence on how the order is paid.
 */
import { manualMethodLabel } from '../../modules/orders/payment-terms.js';
import type { ManualPaymentSettings } from '../../modules/payment-settings/service.js';
import { paysByCard, type Values } from './checkout-values.js';

export interface CheckoutPayment {
  card: boolean;
  manual: ManualPaymentSettings;
}

function manualSentence(manual: CheckoutPayment['manual']): string {
  return manual.method === 'cash_on_delivery'
    ? 'You pay in cash when the order is delivered.'
    : `After you place the order we show you how to pay, and e-mail it too. The items are held for you for ${manual.holdDays} ${manual.holdDays === 1 ? 'day' : 'days'}.`;
}

const CARD_SENTENCE = 'Pay by card on the next page, after you place the order. Your card is charged once.';

/** How the order is paid: a choice when the store takes both card and manual payment, else a note. */
export function PaymentNote(props: { payment: CheckoutPayment; values: Values }) {
  const { card, manual } = props.payment;
  if (card && manual.enabled) {
    const byCard = paysByCard(props.payment, props.values);
    return (
      <fieldset class="group">
        <legend>Payment</legend>
        <div>
          <input
            type="radio"
            id="pay-card"
            name="paymentMethod"
            value="card"
            checked={byCard}
            aria-describedby="pay-card-hint"
          />{' '}
          <label for="pay-card">Card</label>
          <p class="hint" id="pay-card-hint">
            {CARD_SENTENCE}
          </p>
        </div>
        <div>
          <input
            type="radio"
            id="pay-manual"
            name="paymentMethod"
            value="manual"
            checked={!byCard}
            aria-describedby="pay-manual-hint"
          />{' '}
          <label for="pay-manual">{manualMethodLabel(manual.method)}</label>
          <p class="hint" id="pay-manual-hint">
            {manualSentence(manual)}
            {manual.method === 'cash_on_delivery' ? ' We need your phone number for the courier.' : ''}
          </p>
        </div>
      </fieldset>
    );
  }
  return (
    <fieldset class="group">
      <legend>Payment</legend>
      {card ? (
        <p>{CARD_SENTENCE}</p>
      ) : (
        <p>
          <strong>{manualMethodLabel(manual.method)}.</strong> {manualSentence(manual)}
        </p>
      )}
    </fieldset>
  );
}
