/**
 * Admin pages for money: Billing (plan, status, banner, choose a plan →
 * Stripe Checkout, manage cards → Stripe portal). Also the small admin shell
 * and page guard shared by the payments and settlement pages.
 *
 * Card data never reaches these pages: plan purchase happens on Stripe
 * Checkout and card management on Stripe's customer portal (redirects).
 * Forms POST with the session's CSRF token (see src/lib/http/csrf.ts).
 */
import type { Context } from 'hono';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { getUserAccount } from '../../modules/auth/service.js';
import { openBillingPortal, startPlanCheckout } from '../../modules/billing/checkout.js';
import { type BillingOverview, getBillingOverview } from '../../modules/billing/service.js';
import { isSuspendedForBilling } from '../../modules/billing/suspension.js';
import { adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

/** Minor units → "$12.34"-style text without floats (two-decimal currencies). */
export function money(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${currency.trim().toUpperCase()} ${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const MONEY_CSS =
  '.banner{padding:.75rem 1rem;border-radius:.5rem;margin:1rem 0;border:1px solid var(--c-border);background:var(--c-surface)}' +
  '.banner.warn{background:#fff7ed;border-color:#f59e0b}.banner.danger{background:#fef2f2;border-color:#dc2626}' +
  '.money-table{border-collapse:collapse;width:100%}.money-table th,.money-table td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--c-border)}' +
  '.money-table .num{text-align:right;font-variant-numeric:tabular-nums}';

/** Sub-navigation of the money pages (the admin shell's nav links to Billing). */
export function MoneyNav(props: { current: 'billing' | 'payments' | 'settlement' }) {
  const items = [
    { key: 'billing', href: '/admin/billing', label: 'Plan & billing' },
    { key: 'payments', href: '/admin/payments', label: 'Card payments' },
    { key: 'settlement', href: '/admin/settlement', label: 'Settlement' },
  ] as const;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: MONEY_CSS }} />
      <nav aria-label="Money" style="margin-bottom:1rem">
        {items.map((n) => (
          <a
            href={n.href}
            aria-current={n.key === props.current ? 'page' : undefined}
            style="margin-right:1rem"
          >
            {n.label}
          </a>
        ))}
      </nav>
    </>
  );
}

/**
 * Page guard: not signed in → redirect to the store's admin login; signed in but not a
 * member with `min` → the usual 404/403 from requireStoreRole.
 */
export async function guardPage(c: Ctx, min: MembershipRole): Promise<Response | undefined> {
  if (c.get('principal')?.kind !== 'user') return c.redirect('/admin/login', 303);
  let ok = false;
  await requireStoreRole(min)(c, async () => {
    ok = true;
  });
  if (!ok) throw new AppError('forbidden', 'Not allowed');
  // Read-only while suspended for billing, like /api/admin (billing forms excepted).
  if (c.req.method === 'POST' && !c.req.path.startsWith('/admin/billing')) {
    const t = storeOf(c);
    if (t.status === 'suspended') {
      if (await isSuspendedForBilling(c.get('deps'), t.id))
        throw new AppError(
          'store_suspended_billing',
          'This store is suspended for non-payment and is read-only',
        );
    }
  }
  return undefined;
}

export async function pageUserEmail(c: Ctx): Promise<string> {
  const p = c.get('principal');
  if (p?.kind !== 'user') return '';
  return (await getUserAccount(c.get('deps'), p.userId))?.email ?? '';
}

export function storeBase(c: Ctx): string {
  const site = c.get('site');
  return site.kind === 'store' ? site.url : c.get('deps').config.PUBLIC_URL;
}

function Banner(props: { banner: BillingOverview['banner'] }) {
  const { kind, message } = props.banner;
  if (kind === 'none' || !message) return null;
  const tone =
    kind === 'suspended' || kind === 'trial_ended' || kind === 'canceled'
      ? 'danger'
      : kind === 'past_due'
        ? 'warn'
        : '';
  return (
    <div class={`banner ${tone}`} role={tone ? 'alert' : 'status'}>
      {message}
    </div>
  );
}

export function BillingView(props: { c: Ctx; o: BillingOverview }) {
  const { o, c } = props;
  const e = o.entitlements;
  return (
    <>
      <MoneyNav current="billing" />
      <Banner banner={o.banner} />
      {!o.configured ? (
        <p>
          Billing is not configured on this platform, so this store runs on the free{' '}
          <strong>developer</strong> plan with no limits. Set <code>STRIPE_SECRET_KEY</code> and the plan
          price ids to enable plans.
        </p>
      ) : null}
      <h2>Your plan</h2>
      <dl>
        <dt>Plan</dt>
        <dd data-testid="plan">{o.plan}</dd>
        <dt>Status</dt>
        <dd data-testid="status">{o.status.replace('_', ' ')}</dd>
        {o.trialEndsAt ? (
          <>
            <dt>Trial ends</dt>
            <dd>{o.trialEndsAt.slice(0, 10)}</dd>
          </>
        ) : null}
        {o.currentPeriodEnd ? (
          <>
            <dt>Renews</dt>
            <dd>{o.currentPeriodEnd.slice(0, 10)}</dd>
          </>
        ) : null}
        <dt>Products</dt>
        <dd>{e.productLimit === null ? 'Unlimited' : `Up to ${e.productLimit}`}</dd>
        <dt>Staff seats</dt>
        <dd>{e.staffSeats === null ? 'Unlimited' : e.staffSeats}</dd>
        <dt>Transaction fee</dt>
        <dd>{`${(e.transactionFeeBp / 100).toFixed(2)}%`}</dd>
        <dt>Custom domain</dt>
        <dd>{e.customDomain ? 'Included' : 'Not included'}</dd>
        <dt>Dynamic pricing</dt>
        <dd>{e.dynamicPricing ? 'Included' : 'Not included'}</dd>
      </dl>
      {o.configured ? (
        <>
          <h2>Choose a plan</h2>
          <ul>
            {o.plans.map((p) => (
              <li>
                <form method="post" action="/admin/billing/checkout">
                  {csrfInput(c)}
                  <input type="hidden" name="plan" value={p.id} />
                  <strong>{p.name}</strong> — {money(p.monthlyPrice, p.currency)} a month{' '}
                  <button type="submit" disabled={!p.available}>
                    {o.plan === p.id ? 'Current plan' : `Choose ${p.name}`}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/billing/portal">
            {csrfInput(c)}
            <button type="submit">Manage payment methods and invoices</button>
          </form>
          <p class="muted">Payments are handled by Stripe; your card details never reach Storeloom.</p>
        </>
      ) : null}
    </>
  );
}

export async function billingPage(c: Ctx) {
  const denied = await guardPage(c, 'admin');
  if (denied) return denied;
  const o = await getBillingOverview(c.get('deps'), storeOf(c).id);
  const notice =
    c.req.query('checkout') === 'success'
      ? 'Thanks — your plan will be active as soon as Stripe confirms the payment.'
      : undefined;
  return adminPage(c, { title: 'Billing', current: 'billing', notice }, <BillingView c={c} o={o} />);
}

export async function billingCheckoutSubmit(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const form = await c.req.parseBody();
  const plan = typeof form.plan === 'string' ? form.plan : '';
  const r = await startPlanCheckout(c.get('deps'), {
    tenant: storeOf(c),
    plan,
    email: await pageUserEmail(c),
    returnBase: storeBase(c),
  });
  return c.redirect(r.url, 303);
}

export async function billingPortalSubmit(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const r = await openBillingPortal(c.get('deps'), {
    tenant: storeOf(c),
    email: await pageUserEmail(c),
    returnBase: storeBase(c),
  });
  return c.redirect(r.url, 303);
}
