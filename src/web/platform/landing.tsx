/**
 * The apex landing page (`/` on the platform host): what Storeloom does, its
 * features, and the plans with prices. The plan table is the billing
 * module's PLAN_TABLE (one constant, also used by billing), plus the trial.
 */
import { formatMoney } from '../../lib/money.js';
import { PLAN_TABLE } from '../../modules/billing/plans.js';
import { PlatformLayout } from './layout.js';

/** The trial as the `plans` table defines it (migrations 0070/0072): keep in step. */
export const TRIAL_PLAN = {
  id: 'trial',
  name: 'Trial',
  days: 14,
  productLimit: 50,
  staffSeats: 2,
  transactionFeeBp: 200,
} as const;

const FEATURES: { title: string; text: string }[] = [
  {
    title: 'A live store in a second',
    text: 'Pick a template — apparel, electronics, grocery or blank — and your store opens at your own address with a theme, pages and a catalog you can edit.',
  },
  {
    title: 'Catalog, search and checkout',
    text: 'Products with options and variants, full-text search with typo tolerance, carts, discount codes, shipping and tax rules, and a checkout that never oversells.',
  },
  {
    title: 'Inventory that plans ahead',
    text: 'A stock ledger with reasons, low-stock alerts, demand forecasts and draft purchase orders grouped by supplier.',
  },
  {
    title: 'Pricing that explains itself',
    text: 'Cost-plus, seasonal and demand-based price rules inside your margin floor, previewed with reasons before anything changes — and clearance, slow-mover, launch and bundle promotions proposed from your stock and sales, each with the numbers behind it, for you to approve.',
  },
  {
    title: 'Recommendations',
    text: 'Similar and bought-together products computed for each store from its own catalog and orders, each with a short reason, served by the store API.',
  },
  {
    title: 'Reviews, support tickets and returns — built in',
    text: 'Star ratings and moderated reviews with verified-purchase badges, a contact page and a ticket inbox with SLA targets and satisfaction surveys, and returns from request to refund and restock — no apps to install.',
  },
  {
    title: 'Your data stays yours',
    text: 'Every store is isolated by row-level security in the database, not only by application code.',
  },
];

function feePercent(bp: number): string {
  return `${(bp / 100).toFixed(bp % 100 ? 1 : 0)}%`;
}

function limit(n: number | null, unit: string): string {
  return n === null ? `Unlimited ${unit}` : `${n.toLocaleString('en')} ${unit}`;
}

export function LandingPage() {
  return (
    <PlatformLayout
      title="Hosted commerce for independent merchants"
      description="Open an online store in seconds: templates, catalog, checkout, inventory planning and dynamic pricing."
      current="home"
    >
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Open your online store in seconds</h1>
        <p style="font-size:1.2rem;max-width:44rem" class="muted">
          Storeloom gives you a store at <strong>your-name.storeloom</strong> with a theme, a catalog and a
          checkout — plus inventory planning, dynamic pricing and recommendations that grow with you.
        </p>
        <p>
          <a class="btn" href="/signup">
            Start your 14-day free trial
          </a>{' '}
          <a class="btn btn-secondary" href="#pricing">
            See pricing
          </a>
        </p>
      </section>

      <section id="features" aria-labelledby="features-title">
        <h2 id="features-title">Everything a store needs</h2>
        <ul class="grid" style="list-style:none;padding:0">
          {FEATURES.map((f) => (
            <li class="card">
              <h3 style="margin-top:0">{f.title}</h3>
              <p>{f.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section id="pricing" aria-labelledby="pricing-title">
        <h2 id="pricing-title">Plans and pricing</h2>
        <p class="muted">Prices per month in US dollars. Start with a free trial; no card needed.</p>
        <table class="table">
          <caption class="visually-hidden">Plans compared</caption>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Price</th>
              <th scope="col">Products</th>
              <th scope="col">Staff seats</th>
              <th scope="col">Transaction fee</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{TRIAL_PLAN.name}</th>
              <td>Free for {TRIAL_PLAN.days} days</td>
              <td>{limit(TRIAL_PLAN.productLimit, 'products')}</td>
              <td>{TRIAL_PLAN.staffSeats}</td>
              <td>{feePercent(TRIAL_PLAN.transactionFeeBp)}</td>
            </tr>
            {PLAN_TABLE.map((p) => (
              <tr>
                <th scope="row">{p.name}</th>
                <td>{formatMoney(p.monthlyPrice, 'USD')} / month</td>
                <td>{limit(p.productLimit, 'products')}</td>
                <td>{p.staffSeats}</td>
                <td>{feePercent(p.transactionFeeBp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a class="btn" href="/signup">
            Open a store
          </a>
        </p>
      </section>
    </PlatformLayout>
  );
}
