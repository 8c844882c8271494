/**
 * Admin page: card payments through Stripe Connect — the store's Express
 * account status and the button that opens Stripe's onboarding. Without a
 * charges-enabled account, checkout uses the manual provider.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { getPaymentsStatus, startConnectOnboarding } from '../../modules/payments/connect.js';
import { guardPage, MoneyNav, pageUserEmail, storeBase } from './billing.js';
import { adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

export async function paymentsPage(c: Ctx) {
  const denied = await guardPage(c, 'admin');
  if (denied) return denied;
  const t = storeOf(c);
  const s = await getPaymentsStatus(c.get('deps'), t.id);
  return adminPage(
    c,
    { title: 'Payments', current: 'billing' },
    <>
      <MoneyNav current="payments" />
      {!s.configured ? (
        <p>
          Card payments are not configured on this platform (no Stripe keys). Orders are paid manually: mark
          them paid in Orders once you have received the money.
        </p>
      ) : (
        <>
          <p data-testid="provider">
            Checkout currently uses the{' '}
            <strong>{s.provider === 'stripe' ? 'Stripe (card)' : 'manual'}</strong> payment method.
          </p>
          {s.account ? (
            <dl>
              <dt>Stripe account</dt>
              <dd>{s.account.id}</dd>
              <dt>Card payments</dt>
              <dd>{s.account.chargesEnabled ? 'Enabled' : 'Not yet enabled'}</dd>
              <dt>Payouts</dt>
              <dd>{s.account.payoutsEnabled ? 'Enabled' : 'Not yet enabled'}</dd>
            </dl>
          ) : (
            <p>
              Connect a Stripe account to take card payments. Stripe handles card details; they never reach
              us.
            </p>
          )}
          {!s.account?.chargesEnabled ? (
            <form method="post" action="/admin/payments/connect">
              {csrfInput(c)}
              <button type="submit">
                {s.account ? 'Continue Stripe onboarding' : 'Connect with Stripe'}
              </button>
            </form>
          ) : null}
        </>
      )}
    </>,
  );
}

export async function paymentsConnectSubmit(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const r = await startConnectOnboarding(c.get('deps'), {
    tenant: storeOf(c),
    email: await pageUserEmail(c),
    returnBase: storeBase(c),
  });
  return c.redirect(r.url, 303);
}
