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
import { formatMoney } from '../../lib/money.js';
import { getUserAccount } from '../../modules/auth/service.js';
import { openBillingPortal, startPlanCheckout } from '../../modules/billing/checkout.js';
import { writableWhileSuspendedForBilling } from '../../modules/billing/guard.js';
import { type BillingOverview, getBillingOverview } from '../../modules/billing/service.js';
import { isSuspendedForBilling } from '../../modules/billing/suspension.js';
import { Badge, Card, StatusBadge } from '../components/ui.js';
import { adminPage, roleAtLeast } from './layout.js';

type Ctx = Context<AppEnv>;

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
  // Read-only while suspended for billing, like /api/admin (billing and closing the store excepted).
  if (c.req.method === 'POST' && !writableWhileSuspendedForBilling(c.req.path)) {
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

function PlanFacts(props: { o: BillingOverview }) {
  const { o } = props;
  const e = o.entitlements;
  const fact = (label: string, value: string) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <dl class="facts">
      <dt>Plan</dt>
      <dd data-testid="plan">{o.plan}</dd>
      <dt>Status</dt>
      <dd data-testid="status">
        <StatusBadge
          status={o.status === 'active' || o.status === 'trialing' ? 'active' : o.status}
          label={o.status.replace('_', ' ')}
        />
      </dd>
      {o.trialEndsAt ? fact('Trial ends', o.trialEndsAt.slice(0, 10)) : null}
      {o.currentPeriodEnd ? fact('Renews', o.currentPeriodEnd.slice(0, 10)) : null}
      {fact('Products', e.productLimit === null ? 'Unlimited' : `Up to ${e.productLimit}`)}
      {fact('Staff seats', e.staffSeats === null ? 'Unlimited' : String(e.staffSeats))}
      {fact('Transaction fee', `${(e.transactionFeeBp / 100).toFixed(2)}%`)}
      {fact('Custom domain', e.customDomain ? 'Included' : 'Not included')}
      {fact('Dynamic pricing', e.dynamicPricing ? 'Included' : 'Not included')}
    </dl>
  );
}

/**
 * The billing page. Never names configuration (environment variables) to a
 * merchant: an unconfigured platform shows only the banner in plain words.
 * Changing the plan and the payment methods is the owner's; admins see the
 * plans without the buttons.
 */
export function BillingView(props: { c: Ctx; o: BillingOverview }) {
  const { o, c } = props;
  const owner = roleAtLeast(c, 'owner');
  return (
    <>
      <MoneyNav current="billing" />
      <Banner banner={o.banner} />
      <Card title="Your plan">
        <PlanFacts o={o} />
      </Card>
      {owner ? (
        <Card title="Store data">
          <p>
            <a href="/admin/store-data">Export store data or close the store</a>
          </p>
        </Card>
      ) : null}
      {o.configured ? (
        <Card title="Plans">
          {owner ? null : (
            <p class="muted">Only the store owner can change the plan or the payment method.</p>
          )}
          <div class="cards">
            {o.plans.map((p) => (
              <div class="card">
                <h3>{p.name}</h3>
                <p>
                  <strong>{formatMoney(p.monthlyPrice, p.currency)}</strong> a month
                </p>
                {owner ? (
                  <form method="post" action="/admin/billing/checkout">
                    {csrfInput(c)}
                    <input type="hidden" name="plan" value={p.id} />
                    <button
                      type="submit"
                      class={o.plan === p.id ? 'btn btn-secondary' : 'btn'}
                      disabled={!p.available || o.plan === p.id}
                    >
                      {o.plan === p.id ? 'Current plan' : `Choose ${p.name}`}
                    </button>
                  </form>
                ) : o.plan === p.id ? (
                  <Badge tone="ok">Current plan</Badge>
                ) : null}
              </div>
            ))}
          </div>
          {owner ? (
            <form method="post" action="/admin/billing/portal" class="form-actions">
              {csrfInput(c)}
              <button type="submit" class="btn btn-secondary">
                Manage payment methods and invoices
              </button>
            </form>
          ) : null}
          <p class="muted">Payments are handled by Stripe; your card details never reach Storeloom.</p>
        </Card>
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
