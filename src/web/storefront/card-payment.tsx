/** The card step of the order page (Stripe.js); see CardPaymentForm. */
import { allowInlineScript } from '../../lib/http/security-headers.js';
import type { CardPayment } from '../../modules/payments/card-payment.js';

/**
 * Pay by card with Stripe.js: card details go from the browser to Stripe
 * only (never to our servers); afterwards the page asks the store API to sync
 * the payment and reloads. The webhook marks the order paid even if this
 * page is closed first. Card entry cannot work without JavaScript.
 */
const CARD_SCRIPT =
  allowInlineScript(`(function(){var f=document.getElementById('card-form');if(!f||!window.Stripe)return;
var s=Stripe(f.dataset.publishableKey),card=s.elements().create('card');card.mount('#card-element');
f.addEventListener('submit',function(e){e.preventDefault();var b=f.querySelector('button');b.disabled=true;
s.confirmCardPayment(f.dataset.clientSecret,{payment_method:{card:card}}).then(function(r){
if(r.error){document.getElementById('card-errors').textContent=r.error.message;b.disabled=false;return;}
fetch('/api/store/payments/'+f.dataset.orderId+'/confirm',{method:'POST'}).finally(function(){location.reload();});});});})();`);

export function CardPaymentForm(props: { card: CardPayment; orderId: string }) {
  return (
    <section aria-labelledby="pay-heading" id="card-payment">
      <h2 id="pay-heading">Pay by card</h2>
      <noscript>
        <p>Paying by card needs JavaScript: your card details go straight to Stripe, never to this store.</p>
      </noscript>
      <form
        id="card-form"
        data-publishable-key={props.card.publishableKey}
        data-client-secret={props.card.clientSecret}
        data-order-id={props.orderId}
      >
        <div id="card-element" aria-label="Card details" />
        <p id="card-errors" role="alert" />
        <button class="btn" type="submit">
          Pay now
        </button>
      </form>
      <script src="https://js.stripe.com/v3/" />
      <script dangerouslySetInnerHTML={{ __html: CARD_SCRIPT }} />
    </section>
  );
}
