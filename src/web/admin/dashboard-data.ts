/**
 * Everything the admin dashboard shows, gathered from each module's own
 * services (no SQL here): store counts, the 7/30/90-day sales series, low
 * stock, the onboarding checklist and the billing state in plain words.
 */
import type { Context } from 'hono';
import { formatDate } from '../../lib/dates.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { getUserAccount } from '../../modules/auth/service.js';
import { getBillingOverview } from '../../modules/billing/service.js';
import { listShippingRatesForAdmin } from '../../modules/checkout-settings/admin-service.js';
import { getStoreOverview } from '../../modules/console/store-overview.js';
import { listLowStock } from '../../modules/inventory/admin-service.js';
import { getSalesDashboard } from '../../modules/orders/dashboard.js';
import { cardPaymentsEnabled } from '../../modules/payments/connect.js';
import { getStoreSettingsView } from '../../modules/stores/admin-service.js';
import { loadTemplates } from '../../modules/stores/templates.js';

export type Period = 7 | 30 | 90;

export interface ChecklistStep {
  label: string;
  /** The page that does it; none when it happens outside the admin (the email link). */
  href?: string;
  hint?: string;
  done: boolean;
}

async function themeCustomised(c: Context<AppEnv>): Promise<boolean> {
  const view = await getStoreSettingsView(c.get('deps').db, storeOf(c).id);
  const template = (await loadTemplates()).get(view.template);
  const defaults: Record<string, string> = template?.manifest.theme.colors ?? {};
  const colors: Record<string, string> = view.theme.colors ?? {};
  return Object.entries(colors).some(([k, v]) => v && defaults[k] !== undefined && defaults[k] !== v);
}

export async function loadChecklist(c: Context<AppEnv>, products: number): Promise<ChecklistStep[]> {
  const deps = c.get('deps');
  const store = storeOf(c);
  const p = c.get('principal');
  const [rates, payments, user, theme] = await Promise.all([
    listShippingRatesForAdmin(deps.db, store.id),
    cardPaymentsEnabled(deps, store.id),
    p?.kind === 'user' ? getUserAccount(deps, p.userId) : Promise.resolve(undefined),
    themeCustomised(c),
  ]);
  return [
    { label: 'Add a product', href: '/admin/products/new', done: products > 0 },
    { label: 'Set up shipping', href: '/admin/settings', done: rates.length > 0 },
    { label: 'Set up payments', href: '/admin/payments', done: payments },
    {
      label: 'Verify your email address',
      hint: user ? `Open the link we emailed to ${user.email}.` : undefined,
      done: Boolean(user?.emailVerifiedAt),
    },
    { label: 'Customise your theme', href: '/admin/settings', done: theme },
  ];
}

/** The trial/billing state as a merchant reads it (never configuration names). */
export async function billingBanner(
  c: Context<AppEnv>,
): Promise<{ tone: 'info' | 'warn'; text: string } | null> {
  const b = await getBillingOverview(c.get('deps'), storeOf(c).id);
  const day = (iso: string | null) =>
    iso ? formatDate(iso, 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' }) : null;
  switch (b.banner.kind) {
    case 'trial': {
      const end = day(b.trialEndsAt);
      return {
        tone: 'info',
        text: `You are on the free trial${end ? ` until ${end}` : ''}. Choose a plan before then to keep your store open.`,
      };
    }
    case 'trial_ended':
      return { tone: 'warn', text: 'Your free trial has ended. Choose a plan to keep your store open.' };
    case 'past_due':
      return {
        tone: 'warn',
        text: 'Your last payment did not go through. Update your payment details to avoid interruption.',
      };
    case 'suspended':
      return {
        tone: 'warn',
        text: 'Your store is paused because of billing. Choose a plan or update your payment details to reopen it.',
      };
    case 'canceled':
      return { tone: 'warn', text: 'Your plan is cancelled. Choose a plan to keep selling.' };
    case 'not_configured':
      return {
        tone: 'info',
        text: 'Your store runs on the free developer plan: everything works; paid plans are not offered on this installation.',
      };
    default:
      return null;
  }
}

export async function loadDashboard(c: Context<AppEnv>, days: Period) {
  const deps = c.get('deps');
  const store = storeOf(c);
  const [overview, sales, lowStock] = await Promise.all([
    getStoreOverview(deps, store),
    getSalesDashboard(deps.db, store.id, store.timezone, days),
    listLowStock(deps.db, store.id, 6),
  ]);
  return { overview, sales, lowStock };
}
